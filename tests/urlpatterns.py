"""Every URL pattern of the project, walked from the root resolver (for the tests that must cover them all)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Pattern:
    name: str  # "namespace:name", or the route when it has no name
    route: str  # e.g. "matches/<id:match_pk>/agreements/<str:kind>/"
    pattern: URLPattern

    @property
    def converters(self) -> dict:
        return self.pattern.pattern.converters


def project_patterns(*, include_admin: bool = False) -> Iterator[Pattern]:
    def walk(patterns, prefix: str, namespace: str | None):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = ":".join(filter(None, [namespace, entry.namespace])) or None
                yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or route)
                yield Pattern(name=name, route=route, pattern=entry)

    for found in walk(get_resolver().url_patterns, "", None):
        if include_admin or not found.route.startswith("admin/"):
            yield found


PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def fill(route: str, values: dict[str, str]) -> str:
    """``route`` with each ``<converter:name>`` replaced by ``values[name]`` (or ``values[converter]``)."""
    return "/" + PARAMETER.sub(lambda m: values.get(m["name"], values.get(m["converter"] or "str", "x")), route)
