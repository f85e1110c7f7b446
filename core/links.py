"""``{% link 'name' %}``: ``{% url 'name' %}`` for a route that takes no arguments, reversed once per
process. Every page's navigation names a dozen routes; reversing them on each request was a fifth of
the time a page took to render. (Registered as the template library ``links`` in settings.)

    {% load links %}<a href="{% link 'dashboard:dashboard' %}">  {% link 'guide' as guide_url %}

``reverse_fast(name, *args)`` is ``reverse(name, args=args)`` for links made by the thousand (the
three links of each of a month's 8,000 check-in e-mails): the route is reversed once per process
with markers for its arguments, and each URL is put together from the pieces around them.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import quote

from django import template
from django.core.signals import setting_changed
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS

from .ids import ID_DIGITS

register = template.Library()


@functools.lru_cache(maxsize=512)
def _reversed(name: str, prefix: str, urlconf: str | None) -> str:
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def link(name: str) -> str:
    return _reversed(name, get_script_prefix(), get_urlconf())


# Stand-ins for the arguments: digits, so they fit an id (``<id:...>``, ``<int:...>``) as well as a string.
_MARKERS = [f"{'97531' * 4}"[: ID_DIGITS - 2] + f"{n:02d}" for n in range(10)]
_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what reverse leaves unquoted
_DIGITS = re.compile(rf"[0-9]{{1,{ID_DIGITS}}}")


@functools.lru_cache(maxsize=64)
def _pieces(name: str, count: int, prefix: str, urlconf: str | None) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """The route's URL cut at its arguments, and which arguments must be ids."""
    markers = _MARKERS[:count]
    url = reverse(name, args=markers, urlconf=urlconf)
    pieces = re.split("|".join(markers), url)
    if len(pieces) != count + 1:
        raise ValueError(f"reverse_fast cannot cut {name}'s URL at its {count} arguments: {url}")
    numeric = []
    for index in range(count):
        try:
            reverse(name, args=[*markers[:index], "x", *markers[index + 1 :]], urlconf=urlconf)
            numeric.append(False)
        except NoReverseMatch:
            numeric.append(True)
    return tuple(pieces), tuple(numeric)


def reverse_fast(name: str, *args: int | str) -> str:
    """``reverse(name, args=args)``, for a route whose arguments are ids and strings (``<id:...>``,
    ``<int:...>``, ``<str:...>``), at a tenth of the cost. An argument the route would refuse (not an id
    where it needs one, a string that is empty or holds "/") raises NoReverseMatch, as reverse does."""
    pieces, numeric = _pieces(name, len(args), get_script_prefix(), get_urlconf())
    out = [pieces[0]]
    for arg, piece, needs_id in zip(args, pieces[1:], numeric, strict=True):
        text = str(arg)
        if (needs_id and not _DIGITS.fullmatch(text)) or not text or "/" in text:
            raise NoReverseMatch(f"Reverse for {name!r} with arguments {args!r} not found.")
        out += [quote(text, safe=_SAFE), piece]
    return "".join(out)


def _forget(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":  # as Django clears its own URL caches (tests override the URLconf)
        _reversed.cache_clear()
        _pieces.cache_clear()


setting_changed.connect(_forget, dispatch_uid="core.links.forget")
