"""``{% link %}`` (core/links.py): the navigation's URLs, reversed once per process, are the URLs
``{% url %}`` gives, under any script prefix the site is mounted at."""

import re
from pathlib import Path

from django.conf import settings
from django.template import engines
from django.urls import reverse, set_script_prefix

BASE = Path(settings.BASE_DIR) / "templates" / "base.html"


def render(source: str) -> str:
    return engines["django"].from_string("{% load links %}" + source).render({})


def test_every_link_in_the_layout_is_the_url_django_reverses():
    names = set(re.findall(r"\{% link '([^']+)'", BASE.read_text()))
    assert len(names) >= 15, "the layout's navigation uses {% link %}"
    for name in sorted(names):
        assert render(f"{{% link '{name}' %}}") == reverse(name), name
        assert render(f"{{% link '{name}' as found %}}[{{{{ found }}}}]") == f"[{reverse(name)}]"


def test_a_site_mounted_under_a_prefix_links_under_it():
    plain = render("{% link 'guide' %}")
    set_script_prefix("/mentoring/")
    try:
        assert render("{% link 'guide' %}") == "/mentoring" + plain == reverse("guide")
    finally:
        set_script_prefix("/")
    assert render("{% link 'guide' %}") == plain
