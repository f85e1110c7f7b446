"""mypy plugin: calling a factory_boy factory gives its model, ``MatchFactory()`` is a ``Match``.

factory_boy types ``create()``, ``build()`` and the batches by the factory's type argument
(``class MatchFactory(DjangoModelFactory[Match])``) but not the call itself, whose ``__new__`` is
untyped: mypy takes the call for an instance of the factory class. This gives the call the type of
``create()``: the model when the factory names it in brackets, ``Any`` when it does not.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.maptype import map_instance_to_supertype
from mypy.nodes import TypeInfo
from mypy.plugin import FunctionContext, Plugin
from mypy.types import AnyType, Instance, Type, TypeOfAny, get_proper_type

BASE = "factory.base.BaseFactory"


class FactoryPlugin(Plugin):
    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        symbol = self.lookup_fully_qualified(fullname)
        if symbol is not None and isinstance(symbol.node, TypeInfo) and symbol.node.has_base(BASE):
            return _model
        return None


def _model(ctx: FunctionContext) -> Type:
    made = get_proper_type(ctx.default_return_type)
    if not isinstance(made, Instance):
        return ctx.default_return_type
    base = next(info for info in made.type.mro if info.fullname == BASE)
    model = map_instance_to_supertype(made, base).args
    return model[0] if model else AnyType(TypeOfAny.unannotated)


def plugin(version: str) -> type[Plugin]:
    return FactoryPlugin
