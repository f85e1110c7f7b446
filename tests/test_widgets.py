"""core.widgets.FormRenderer draws the plainest widgets in Python: the markup must be the templates' own."""

from __future__ import annotations

import datetime
import importlib
import inspect
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from core.widgets import FormRenderer

TEMPLATES, PYTHON = DjangoTemplates(), FormRenderer()


def _both(widget: forms.Widget, name: str, value) -> tuple[str, str]:
    return widget.render(name, value, renderer=TEMPLATES), widget.render(name, value, renderer=PYTHON)


WIDGETS = [
    (forms.TextInput(), "ok"),
    (forms.TextInput(attrs={"class": "form-control", "required": True, "disabled": False}), 'a "quoted" <b>'),
    (forms.TextInput(attrs={"placeholder": mark_safe("<i>safe</i>"), "maxlength": 120}), mark_safe("<b>safe</b>")),
    (forms.TextInput(), None),
    (forms.TextInput(), ""),
    (forms.NumberInput(attrs={"min": 0, "step": "any"}), 1234567),
    (forms.NumberInput(), 0),
    (forms.NumberInput(), 1.5),
    (forms.EmailInput(), "a&b@example.com"),
    (forms.URLInput(), "https://example.com/?a=1&b=2"),
    (forms.PasswordInput(render_value=True), "s3cret<"),
    (forms.PasswordInput(), "not shown"),
    (forms.HiddenInput(), 42),
    (forms.DateInput(attrs={"type": "date"}), datetime.date(2026, 12, 6)),
    (forms.DateTimeInput(), datetime.datetime(2026, 12, 6, 9, 30, tzinfo=datetime.UTC)),
    (forms.TimeInput(), datetime.time(9, 30)),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(attrs={"class": "form-check-input"}), False),
    (forms.CheckboxInput(), None),
    (forms.Textarea(), "Two lines\nof <text> & more"),
    (forms.Textarea(attrs={"rows": 4}), ""),
    (forms.Textarea(), None),
    (forms.Textarea(), "\nstarts with a newline"),
    (forms.Select(choices=[("", "---------"), (1, "One"), (2, "Two & <two>")]), 2),
    (forms.Select(choices=[(1, 1), (2, 1234567)]), None),
    (forms.Select(choices=[("a", "A"), ("Group <g>", [("b", "B"), ("c", "C")])]), "c"),
    (forms.Select(choices=[(True, "Yes"), (False, "No")], attrs={"class": "form-select"}), False),
    (forms.SelectMultiple(choices=[(1, "One"), (2, "Two")]), [1, 2]),
    (forms.NullBooleanSelect(), None),
    (forms.RadioSelect(choices=[(1, "One"), (2, "Two")]), 1),  # its template draws it
]


@pytest.mark.parametrize(("widget", "value"), WIDGETS, ids=[type(w).__name__ for w, _ in WIDGETS])
def test_each_widget_is_drawn_as_its_template_draws_it(widget, value):
    drawn_by_template, drawn_here = _both(widget, "field_name", value)
    assert drawn_here == drawn_by_template


def _forms():
    for config in apps.get_app_configs():
        if not config.path.startswith(str(settings.BASE_DIR)):
            continue  # the project's own apps only
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for _, form in inspect.getmembers(module, inspect.isclass):
            if issubclass(form, forms.BaseForm) and form.__module__ == module.__name__:
                yield form


@pytest.mark.django_db
def test_every_field_of_every_form_of_the_project_is_drawn_the_same():
    seen = 0
    for form_class in _forms():
        try:
            form = form_class()
        except (TypeError, KeyError, AttributeError):
            continue  # a form that needs arguments: its fields' widgets are covered by the others
        for bound_field in form:
            widget = bound_field.field.widget
            value = bound_field.value()
            by_template = widget.render(
                bound_field.html_name, value, attrs={"id": bound_field.auto_id}, renderer=TEMPLATES
            )
            here = widget.render(bound_field.html_name, value, attrs={"id": bound_field.auto_id}, renderer=PYTHON)
            assert here == by_template, f"{form_class.__name__}.{bound_field.name}"
            seen += 1
    assert seen > 50


def test_a_widget_template_overridden_is_drawn_by_its_template(tmp_path):
    (tmp_path / "django" / "forms" / "widgets").mkdir(parents=True)
    (tmp_path / "django" / "forms" / "widgets" / "input.html").write_text("<input data-overridden>")

    class Overridden(FormRenderer):
        @property
        def engine(self):
            dirs = [tmp_path, Path(forms.__file__).parent / "templates"]
            return self.backend({"APP_DIRS": True, "DIRS": dirs, "NAME": "overridden", "OPTIONS": {}})

    assert not Overridden().plain
    assert forms.TextInput().render("x", "y", renderer=Overridden()) == "<input data-overridden>"
    assert PYTHON.plain


def test_escaped_gives_conditional_escapes_text_for_every_kind_of_value():
    from decimal import Decimal

    from django.utils.functional import lazy
    from django.utils.html import conditional_escape
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    from core.widgets import escaped

    lazy_safe = lazy(lambda: mark_safe("<b>kept</b>"), str)()
    values: list = [
        "<script>alert('x') & \"y\"</script>",
        mark_safe("<em>safe</em>"),
        gettext_lazy("Not decided yet & <later>"),
        lazy_safe,
        42,
        Decimal("1.50"),
        None,
        "",
        "Zoë Fairbairn",
    ]
    for value in values:
        assert escaped(value) == conditional_escape(value), repr(value)
