"""Ids from outside (a URL, a query parameter, a hidden field), read so that no value can reach the database
as something it cannot hold: ASCII digits only, at most 18 of them (a 64-bit column holds 19)."""

from __future__ import annotations

import re

from django.urls import register_converter

ID_DIGITS = 18
ID_MAX = 10**ID_DIGITS - 1
_ID = re.compile(rf"[0-9]{{1,{ID_DIGITS}}}")


def id_or_none(value) -> int | None:
    """``value`` as an id, or None when it is not one ("²", "-1", "1e3", 20 digits, None)."""
    if isinstance(value, str) and _ID.fullmatch(value):
        return int(value)
    return None


class IdConverter:
    """``<id:pk>`` in URL patterns: like ``<int:pk>``, but a longer number is a 404, not a database error."""

    regex = _ID.pattern

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")


def with_id_routes(patterns) -> list:
    """A library's URL patterns (allauth's) with every ``<int:...>`` read as ``<id:...>``, so its ids too
    are a 404 when too long for the database, not a 500."""
    from django.urls import URLResolver, include, path, re_path
    from django.urls.resolvers import RoutePattern

    routes = []
    for entry in patterns:
        if isinstance(entry.pattern, RoutePattern):
            make, route = path, str(entry.pattern).replace("<int:", "<id:")
        else:
            make, route = re_path, entry.pattern.regex.pattern
        if isinstance(entry, URLResolver):
            routes.append(
                make(
                    route,
                    include(
                        (with_id_routes(entry.url_patterns), entry.app_name),  # type: ignore[arg-type]  # None is allowed
                        namespace=entry.namespace,
                    ),
                )
            )
        else:
            routes.append(make(route, entry.callback, entry.default_args, name=entry.name))
    return routes
