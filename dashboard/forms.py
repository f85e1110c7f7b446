from django import forms
from django.core.exceptions import ValidationError

from checkins import dates


class MonthField(forms.Field):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})

    def to_python(self, value):
        text = (value or "").strip()
        if not text:
            return None
        month = dates.parse_month(text)
        if month is None:
            raise ValidationError("Enter a month as YYYY-MM, for example 2026-01.")
        return month


class PeriodForm(forms.Form):
    start = MonthField(label="From")
    end = MonthField(label="To")

    def clean(self):
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if start > end:
                raise ValidationError("The period must start before it ends.")
            if (end.year - start.year) * 12 + end.month - start.month >= 120:
                raise ValidationError("Choose a period of ten years at most.")
        return cleaned


class ExportPeriodForm(PeriodForm):
    """An export's period: either end may be left out."""

    start = MonthField(label="From", required=False)
    end = MonthField(label="To", required=False)
