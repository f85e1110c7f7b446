"""``{% crispy_field_fast %}``: crispy-forms' Bootstrap 5 field (crispy_bootstrap5's bootstrap5/field.html) drawn
in Python for the plain case: a label (a fieldset's legend for radio buttons and checkboxes), the widget, its
errors and help text, one below the other.

templates/bootstrap5/field.html, which ``{{ form|crispy }}`` and ``{{ field|as_crispy_field }}`` draw every field
with, is this tag alone. The template took some fifty lookups and four includes a field: most of the time a form
page took (the program settings' eighteen fields, 0.9 ms each). The markup is the template's, tag for tag,
attribute for attribute, text for text; only the blank lines and indentation between tags are left out
(tests/test_crispy_field.py draws every field of every form of the project both ways). Anything else (a layout's
horizontal form, label or field classes, a wrapper class, inline choices, a file, a widget made of widgets, inline
help or errors, no labels) is drawn by crispy_bootstrap5's template itself.
(Registered as the template library ``crispy_fast`` in settings.)
"""

from __future__ import annotations

import functools
from pathlib import Path

import crispy_bootstrap5
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, optgroups
from django import forms, template
from django.conf import settings
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .widgets import _attrs
from .widgets import escaped as conditional_escape  # the same text, faster

register = template.Library()
_ORIGINAL = Path(crispy_bootstrap5.__file__).parent / "templates" / "bootstrap5" / "field.html"
# The context that asks for more than the plain field: crispy_bootstrap5's template draws it.
_LAYOUT_KEYS = (
    "label_class",
    "field_class",
    "wrapper_class",
    "tag",
    "help_text_inline",
    "error_text_inline",
    "flat_attrs",
    "inline_class",
)


@functools.cache
def _original(engine) -> template.Template:
    return template.Template(_ORIGINAL.read_text(), engine=engine)


def _plain(field, context) -> bool:
    widget = field.field.widget
    return (
        not field.is_hidden
        and context.get("form_show_labels")
        and not any(context.get(key) for key in _LAYOUT_KEYS)
        and "form-horizontal" not in (context.get("form_class") or "")
        and (not field.use_fieldset or isinstance(widget, forms.RadioSelect))
        and not isinstance(widget, forms.FileInput | forms.MultiWidget)
        and not hasattr(widget, "widgets")
        and not hasattr(widget, "widget")
    )


def _widget(field, css: str) -> str:
    """What ``{% crispy_field field 'class' css %}`` draws: the widget with crispy's classes added (to the widget
    itself, as crispy does), then Django's own rendering of it."""
    widget = field.field.widget
    converters = getattr(settings, "CRISPY_CLASS_CONVERTERS", {})
    class_name = widget.__class__.__name__.lower()
    class_name = converters.get(class_name, class_name)
    own = widget.attrs.get("class", "")
    if own:
        if own.find(class_name) == -1:
            own += f" {class_name}"
    else:
        own = class_name
    for added in css.split():
        if added not in own.split():
            own += f" {added}"
    widget.attrs["class"] = own
    return str(field)


def _help_and_errors(field, context) -> str:
    """bootstrap5/layout/help_text_and_errors.html: the errors, then the help text."""
    parts = []
    if context.get("form_show_errors") and field.errors:
        auto_id = conditional_escape(field.auto_id)
        errors = "".join(
            f'<p id="error_{n}_{auto_id}"><strong>{conditional_escape(error)}</strong></p>'
            for n, error in enumerate(field.errors, start=1)
        )
        parts.append(
            f'<div id="{conditional_escape(field.errors.field_id)}_error" class="invalid-feedback">{errors}</div>'
        )
    if field.help_text:
        at = format_html('id="{}_helptext" ', field.auto_id) if field.auto_id else ""
        parts.append(f'<div {at}class="form-text">{mark_safe(str(field.help_text))}</div>')
    return "".join(parts)


def _required(field) -> tuple[str, str]:
    return (" requiredField", '<span class="asteriskField">*</span>') if field.field.required else ("", "")


def _errors(field, context) -> str:
    """bootstrap5/layout/field_errors_block.html."""
    if not (context.get("form_show_errors") and field.errors):
        return ""
    auto_id = conditional_escape(field.auto_id)
    errors = "".join(
        f'<p id="error_{n}_{auto_id}"><strong>{conditional_escape(error)}</strong></p>'
        for n, error in enumerate(field.errors, start=1)
    )
    return f'<div id="{conditional_escape(field.errors.field_id)}_error" class="invalid-feedback">{errors}</div>'


def _unlocalized(value) -> str:
    """``{{ value|unlocalize }}``."""
    return conditional_escape(str(localize(value, use_l10n=False)))


def _choices(field, context) -> str:
    """bootstrap5/layout/radio_checkbox_select.html: each radio button or checkbox with its label, the errors
    under the last one, then the help text."""
    invalid = " is-invalid" if field.errors else ""
    name = conditional_escape(field.html_name)
    groups = optgroups(field)
    parts = ["<div >"]
    for n, (group, options, _index) in enumerate(groups, start=1):
        if group:
            parts.append(f"<strong>{conditional_escape(group)}</strong>")
        for m, option in enumerate(options, start=1):
            last = m == len(options) and n == len(groups)
            parts.append(
                f'<div class="form-check"><input type="{conditional_escape(option["type"])}" '
                f'class="form-check-input{invalid}" name="{name}" value="{_unlocalized(option["value"])}"'
                f'{_attrs(option["attrs"])}><label for="{conditional_escape(option["attrs"].get("id", ""))}" '
                f'class="form-check-label">{_unlocalized(option["label"])}</label>'
                f"{_errors(field, context) if last else ''}</div>"
            )
    parts.append("</div>")
    if field.help_text:
        at = format_html('id="{}_helptext" ', field.auto_id) if field.auto_id else ""
        parts.append(f'<div {at}class="form-text">{mark_safe(str(field.help_text))}</div>')
    return "".join(parts)


def _field(field, context) -> str:
    widget = field.field.widget
    invalid = " is-invalid" if field.errors else ""
    required_class, asterisk = _required(field)
    label = conditional_escape(field.label)
    css_classes = conditional_escape(field.css_classes())
    extra = f" {css_classes}" if css_classes else ""
    if isinstance(widget, forms.CheckboxInput):
        drawn = _widget(field, f"form-check-input{invalid}")
        check_for = conditional_escape(field.id_for_label)
        return (
            f'<div class="mb-3"><div id="div_{conditional_escape(field.auto_id)}" class="form-check{extra}">{drawn}'
            f'<label for="{check_for}" class="form-check-label{required_class}">{label}{asterisk}</label>'
            f"{_help_and_errors(field, context)}</div></div>"
        )
    if field.use_fieldset:  # radio buttons, checkboxes: a fieldset whose legend is the label
        div = f'<div id="div_{conditional_escape(field.auto_id)}" class="mb-3{extra}">'
        if not field.label:
            return f"{div}{_choices(field, context)}</div>"
        described = format_html(' aria-describedby="{}"', field.aria_describedby) if field.aria_describedby else ""
        for_label = f'for="{conditional_escape(field.id_for_label)}" ' if field.id_for_label else ""
        return (
            f"{div}<fieldset{described}>"
            f'<legend {for_label}class="form-label{required_class} fs-6">{label}{asterisk}</legend>'
            f"{_choices(field, context)}</fieldset></div>"
        )
    label_tag = ""
    if field.label:
        for_label = f'for="{conditional_escape(field.id_for_label)}" ' if field.id_for_label else ""
        label_tag = f'<label {for_label}class="form-label{required_class}">{label}{asterisk}</label>'
    css = "form-select" if isinstance(widget, forms.Select) else "form-control"
    drawn = _widget(field, f"{css}{invalid}")
    return (
        f'<div id="div_{conditional_escape(field.auto_id)}" class="mb-3{extra}">{label_tag}{drawn}'
        f"{_help_and_errors(field, context)}</div>"
    )


@register.simple_tag(takes_context=True)
def crispy_field_fast(context):
    field = context.get("field")
    if field is None or not _plain(field, context):
        return _original(context.template.engine).render(context)
    return mark_safe(_field(field, context))


# What ``as_crispy_field`` gives its template: errors and labels shown, no layout.
_AS_FIELD = {"form_show_errors": True, "form_show_labels": True}


@register.filter
def as_field(field):
    """``{{ field|as_crispy_field }}``, the same markup, for a long form drawn field by field (the action plan's
    hundred): a plain field of a form without a crispy helper is drawn here at once, not through a template of
    its own with a context of its own; any other goes through ``as_crispy_field``."""
    if getattr(field.form, "helper", None) is None and _plain(field, _AS_FIELD):
        return mark_safe(_field(field, _AS_FIELD))
    return as_crispy_field(field)
