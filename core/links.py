"""``{% link 'name' %}``: ``{% url 'name' %}`` for a route that takes no arguments, reversed once per
process. Every page's navigation names a dozen routes; reversing them on each request was a fifth of
the time a page took to render. (Registered as the template library ``links`` in settings.)

    {% load links %}<a href="{% link 'dashboard:dashboard' %}">  {% link 'guide' as guide_url %}
"""

from __future__ import annotations

import functools

from django import template
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@functools.lru_cache(maxsize=512)
def _reversed(name: str, prefix: str, urlconf: str | None) -> str:
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def link(name: str) -> str:
    return _reversed(name, get_script_prefix(), get_urlconf())


def _forget(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":  # as Django clears its own URL caches (tests override the URLconf)
        _reversed.cache_clear()


setting_changed.connect(_forget, dispatch_uid="core.links.forget")
