from django import forms
from django.core.exceptions import ValidationError

from checkins import dates
from profiles.models import Role, Status

from .groups import GROUPS, Group, group_from


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


class GroupMessageForm(forms.Form):
    """The coordinator's message to a group: whom (a group and its filter), a subject and a text in Markdown.
    ``token`` is the confirmed preview's (sending twice sends once)."""

    group = forms.ChoiceField(label="Send to", choices=list(GROUPS.items()))
    role = forms.ChoiceField(label="Role", choices=[("", "Any role"), *Role.choices], required=False)
    status = forms.ChoiceField(label="Status", choices=[("", "Any status"), *Status.choices], required=False)
    filter = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
    subject = forms.CharField(max_length=200)
    body = forms.CharField(
        label="Message",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Markdown: **bold**, *italics*, lists with -, links as [words](https://...). "
        "Each person is greeted by name above it.",
    )
    token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def group_chosen(self) -> Group:
        data = self.cleaned_data
        group = group_from(
            data["group"], data.get("filter", ""), role=data.get("role", ""), status=data.get("status", "")
        )
        assert group is not None  # the field's choices are the groups
        return group
