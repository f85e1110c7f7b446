"""core.crispyfield draws crispy_bootstrap5's field in Python: the same tags, attributes and text as the template."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.template import Context, Template, engines

from core.crispyfield import _ORIGINAL

from .test_widgets import _forms

ENGINE = engines["django"].engine  # type: ignore[attr-defined]


class _Parsed(HTMLParser):
    """A page's tags, attributes and text, blank space between tags left out (the browser leaves it out too)."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.items: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.items.append(("start", tag, tuple(attrs)))

    def handle_endtag(self, tag):
        self.items.append(("end", tag))

    def handle_data(self, data):
        text = re.sub(r"\s+", " ", data).strip()
        if text:
            self.items.append(("text", text))

    def handle_entityref(self, name):
        self.items.append(("entity", name))


def _parsed(html: str) -> list[tuple]:
    parser = _Parsed()
    parser.feed(html)
    parser.close()
    return parser.items


def _both(make_form, name: str, context: dict) -> tuple[str, str]:
    original = Template(_ORIGINAL.read_text(), engine=ENGINE)
    ours = ENGINE.get_template("bootstrap5/field.html")
    by_template = original.render(Context({**context, "field": make_form()[name]}))
    here = ours.render(Context({**context, "field": make_form()[name]}))
    return by_template, here


SHOWN = {"form_show_errors": True, "form_show_labels": True, "label_class": "", "field_class": ""}


class Example(forms.Form):
    text = forms.CharField(label="Name <yours>", help_text="As on <b>your</b> ID & passport", max_length=5)
    optional = forms.CharField(required=False, label="")
    tick = forms.BooleanField(label="I agree", help_text="Required to go on")
    maybe = forms.BooleanField(required=False)
    choice = forms.ChoiceField(choices=[("a", "A & a"), ("b", "B")])
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "class": "mine"}), required=False)
    number = forms.IntegerField(min_value=1)
    radio = forms.ChoiceField(choices=[("a", "A <a>"), ("b", "B")], widget=forms.RadioSelect, help_text="One")
    grouped = forms.ChoiceField(choices=[("G", [("a", "A"), ("b", "B")]), ("c", "C")], widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(choices=[(1, "One"), (2, "Two")], widget=forms.CheckboxSelectMultiple)
    unlabelled = forms.ChoiceField(label="", choices=[("a", "A")], widget=forms.RadioSelect, required=False)
    upload = forms.FileField(required=False)  # drawn by the template
    secret = forms.CharField(widget=forms.HiddenInput, required=False)  # drawn by the template


@pytest.mark.parametrize(
    "data",
    [None, {"text": "far too long", "number": "0", "choice": "z", "radio": "z", "boxes": ["1"]}],
    ids=["new", "errors"],
)
@pytest.mark.parametrize("name", list(Example.base_fields))
def test_each_kind_of_field_is_drawn_as_the_template_draws_it(name, data):
    by_template, here = _both(lambda: Example(data), name, SHOWN)
    assert _parsed(here) == _parsed(by_template)


def test_a_layout_that_asks_for_more_is_drawn_by_the_template():
    context = {**SHOWN, "label_class": "col-lg-2", "field_class": "col-lg-8", "form_class": "form-horizontal"}
    by_template, here = _both(lambda: Example(), "text", context)
    assert here == by_template
    assert 'class="col-lg-8"' in here


@pytest.mark.django_db
@pytest.mark.parametrize("bound", [False, True], ids=["new", "sent empty"])
def test_every_field_of_every_form_of_the_project_is_drawn_the_same(bound):
    seen = 0
    for form_class in _forms():
        try:
            names = list(form_class({} if bound else None).fields)
        except (TypeError, KeyError, AttributeError):
            continue
        for name in names:
            try:
                by_template, here = _both(lambda form_class=form_class: form_class({} if bound else None), name, SHOWN)
            except AttributeError:  # a field of a library's form that the project does not draw (auth.User's)
                continue
            assert _parsed(here) == _parsed(by_template), f"{form_class.__name__}.{name}"
            seen += 1
    assert seen > 50


def test_a_whole_form_through_the_crispy_filter():
    template = engines["django"].from_string("{% load crispy_forms_tags %}{{ form|crispy }}")
    html = template.render({"form": Example({"text": "far too long"})})
    assert '<label for="id_text" class="form-label requiredField">Name &lt;yours&gt;' in html
    assert 'aria-describedby="id_text_helptext id_text_error"' in html
    assert '<div id="id_text_helptext" class="form-text">As on <b>your</b> ID &amp; passport</div>' not in html
    assert '<div id="id_text_helptext" class="form-text">As on <b>your</b> ID & passport</div>' in html
    assert 'type="radio"' in html  # the template's own fields too
    assert 'type="file"' in html


@pytest.mark.parametrize("data", [None, {"text": "far too long", "number": "0", "choice": "z"}], ids=["new", "errors"])
def test_the_as_field_filter_draws_what_as_crispy_field_draws(data):
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

    from core.crispyfield import as_field

    form = Example(data)
    for name in Example.base_fields:
        assert str(as_field(form[name])) == str(as_crispy_field(Example(data)[name])), name


@pytest.mark.django_db
def test_the_action_plans_form_is_drawn_by_as_field_as_by_as_crispy_field():
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
    from django.utils import timezone

    from core.crispyfield import as_field
    from plans.content import PlanContent
    from plans.forms import PlanForm

    def make(data=None):
        return PlanForm(data, content=PlanContent(), based_on=0, today=timezone.localdate())

    for data in (None, {"based_on": "x", "s1_a1_due_on": "soon", "c1_how": "carrier pigeon"}):
        form, other = make(data), make(data)
        for name in form.fields:
            assert str(as_field(form[name])) == str(as_crispy_field(other[name])), name
