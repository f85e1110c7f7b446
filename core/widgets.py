"""The form renderer (``FORM_RENDERER`` in settings): Django's own, except that the plainest widgets, an
``<input>``, a ``<textarea>`` and a ``<select>`` with its options, are written out here rather than by
their templates. A form of a dozen fields drew its widgets through some two hundred template includes;
that was a third of the time the program settings page took to render, and crispy-forms draws every
field of every form through a widget. The markup is the templates' own, byte for byte
(tests/test_widgets.py renders every widget of every form both ways); a widget whose template a
project or an app overrides, or that is not one of these, is drawn by its template as before.
"""

from __future__ import annotations

from html import escape as _html_escape
from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.functional import Promise, cached_property
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]

_WIDGETS = "django/forms/widgets/"
# Each of these templates is `{% include "django/forms/widgets/input.html" %}` and nothing else.
_INPUTS = frozenset(
    _WIDGETS + name + ".html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
    )
)


def escaped(value) -> str:
    """Django's ``conditional_escape``, the same text, without its wrapper for lazy arguments, which cost more
    than the escaping (a form of a hundred fields escapes some nine hundred values): text already safe as it
    is, a lazy text as its text, anything else escaped."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return _html_escape(str(value))


def _shown(value) -> str:
    """``{{ value }}``: localized as the template language does it, escaped unless already safe."""
    if value.__class__ is str:  # names, types, most attributes: nothing to localize
        return _html_escape(value)
    return escaped(localize(template_localtime(value)))


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}``: the value as text, escaped unless it was safe."""
    if value.__class__ is str:
        return _html_escape(value)
    return str(value) if isinstance(value, SafeData) else escaped(f"{value}")


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _textarea(widget: dict) -> str:
    value = _shown(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _option(option: dict) -> str:
    return f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>{_shown(option["label"])}</option>'


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            if option["template_name"] != _WIDGETS + "select_option.html":
                return None  # an option of its own template: the templates draw the whole select
            parts.append("\n  " + _option(option) + "\n")  # the option's template ends with a newline
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


_DRAWN = _INPUTS | {_WIDGETS + name for name in ("attrs.html", "textarea.html", "select.html", "select_option.html")}


class FormRenderer(DjangoTemplates):
    """Django's template renderer, with the plainest widgets written out in Python (see the module)."""

    @cached_property
    def plain(self) -> bool:
        """Whether the templates written out here are Django's own: none overridden by a project or an app."""
        own = Path(django.forms.__file__).parent / "templates"
        origins = (self.engine.get_template(name).origin for name in _DRAWN)  # type: ignore[attr-defined]
        return all(Path(origin.name).is_relative_to(own) for origin in origins)

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None and template_name.startswith(_WIDGETS) and self.plain:
            if template_name in _INPUTS:
                return mark_safe(_input(widget))
            if template_name == _WIDGETS + "textarea.html":
                return mark_safe(_textarea(widget))
            if template_name == _WIDGETS + "select.html":
                drawn = _select(widget)
                if drawn is not None:
                    return mark_safe(drawn)
        return super().render(template_name, context, request=request)
