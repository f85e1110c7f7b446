"""``{% link %}`` (core/links.py): the navigation's URLs, reversed once per process, are the URLs
``{% url %}`` gives, under any script prefix the site is mounted at."""

import re
from pathlib import Path

import pytest
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


def test_links_made_by_the_thousand_are_the_urls_django_reverses():
    """``reverse_fast``: the check-in e-mails' links, put together from the route reversed once."""
    from django.urls import NoReverseMatch

    from core.links import reverse_fast

    cases: list[tuple[str, tuple[int | str, ...]]] = [
        ("checkins:answer_by_link", (12, "eyJjaGVja2luIjoxMn0:1xaL2m:Dj96-zFzT_h1WQ")),
        ("checkins:answer", (5,)),
        ("support:report_by_link", ("a b%é:~@",)),
    ]
    for name, args in cases:
        assert reverse_fast(name, *args) == reverse(name, args=args)
    set_script_prefix("/mentoring/")
    try:
        assert reverse_fast("checkins:answer", 5) == "/mentoring/checkins/5/" == reverse("checkins:answer", args=[5])
    finally:
        set_script_prefix("/")
    refused: list[tuple[str, tuple[int | str, ...]]] = [
        ("checkins:answer_by_link", ("x", "token")),  # not an id
        ("checkins:answer_by_link", (1, "a/b")),  # a token cannot hold "/"
        ("checkins:answer_by_link", (1, "")),
        ("checkins:answer", (10**18,)),  # longer than an id
    ]
    for name, args in refused:
        with pytest.raises(NoReverseMatch):
            reverse(name, args=args)
        with pytest.raises(NoReverseMatch):
            reverse_fast(name, *args)
