"""allauth's template tags (``{% load allauth %}``), with a cheaper ``{% element %}``.

allauth renders each element (a button, a field, a heading: dozens on an account page) with
``render_to_string``: the whole page's context flattened into a new dictionary, a new context made of it,
and the element's template looked up anew, its layout's variant first (which the project does not have).
Here the template is looked up once per element and layout, and rendered in the page's own context, with
the element's ``slots``, ``attrs`` and ``origin`` pushed on top and a render state of its own, as
``{% include %}`` does: what an element shows is the same, at about half the cost of an account page.
Registered over allauth's library in ``TEMPLATES["OPTIONS"]["libraries"]``.
"""

from __future__ import annotations

from allauth.templatetags import allauth as upstream
from django import template
from django.conf import settings
from django.template.loader import select_template
from django.template.loader_tags import ExtendsNode

register = template.Library()
register.tags.update(upstream.register.tags)
register.filters.update(upstream.register.filters)

_templates: dict[tuple[str, ...], template.Template] = {}


def _template(names: tuple[str, ...]) -> template.Template:
    found = _templates.get(names)
    if found is None:
        found = select_template(list(names)).template
        if not settings.DEBUG:  # while developing, an edited element shows at once
            _templates[names] = found
    return found


@register.tag(name="element")
def do_element(parser, token):
    nodelist = parser.parse(("endelement",))
    tag_name, args, kwargs = upstream.parse_tag(token, parser)
    if len(args) > 1:
        raise template.TemplateSyntaxError(
            f'Usage: {{% {tag_name} "element" argument=value %}} ... {{% end{tag_name} %}}'
        )
    parser.delete_first_token()
    return ElementNode(nodelist, args[0], kwargs)


class ElementNode(upstream.ElementNode):
    def render(self, context):
        from allauth.account.app_settings import TEMPLATE_EXTENSION

        slots: dict[str, list[str]] = {}
        layout = None
        for extended in context.render_context.get(ExtendsNode.context_key) or ():
            prefix = "allauth/layouts/"
            if extended.template_name.startswith(prefix):
                layout = extended.template_name[len(prefix) :].replace(".html", "")
                break
        if not layout:  # within an element, or an {% include %}, the extends are not known
            layout = context.render_context.get(upstream.LAYOUT_CONTEXT_KEY)
        if not layout:
            layout = context.get("page_layout")
        element = self.element  # as allauth names it: the words written in the tag, not resolved
        names = (f"allauth/elements/{element}__{layout}.html",) if layout else ()
        element_template = _template((*names, f"allauth/elements/{element}.html"))
        with context.render_context.push(**{upstream.SLOTS_CONTEXT_KEY: slots, upstream.LAYOUT_CONTEXT_KEY: layout}):
            slots["default"] = [self.nodelist.render(context)]
            attrs = {key: value.resolve(context) for key, value in self.kwargs.items()}
            if attrs.get("tags"):
                attrs["tags"] = [tag.strip() for tag in attrs["tags"].split(",")]
            origin = self.origin.template_name.replace(f".{TEMPLATE_EXTENSION}", "")
            with context.push(slots=slots, attrs=attrs, origin=origin):
                # A render state of its own (as a new context had): the page's slots and layout are not the element's.
                return element_template.render(context)
