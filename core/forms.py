"""Form fields that take ids from outside: a value no id column could hold is a form error, not a database error."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model

from .ids import id_or_none


def _is_id(value) -> bool:
    return isinstance(value, Model) or id_or_none(str(value)) is not None


class IdChoiceField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` by primary key whose value is checked to be an id before any query."""

    def to_python(self, value):
        if value not in self.empty_values and not _is_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ``ModelMultipleChoiceField`` by primary key whose values are checked to be ids before any query."""

    def _check_values(self, value):
        for item in value:
            if not _is_id(item):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}
                )
        return super()._check_values(value)  # type: ignore[misc]  # private in Django: django-stubs leaves it out
