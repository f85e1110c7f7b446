from django import forms
from django.core.exceptions import ValidationError


class ReportForm(forms.Form):
    """Which program year, and from which earlier year to show the years beside it."""

    year = forms.TypedChoiceField(label="Program year", coerce=int)
    since = forms.TypedChoiceField(label="Beside the years from", coerce=int)

    def __init__(self, *args, years: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("year", "since"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = years

    def clean(self):
        cleaned = super().clean() or {}
        year, since = cleaned.get("year"), cleaned.get("since")
        if year is not None and since is not None and since > year:
            raise ValidationError("The years beside it must come before the year shown.")
        return cleaned
