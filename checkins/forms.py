from decimal import Decimal
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from . import dates
from .models import CONTACT_FORMS, HOURS_FIELDS, MAX_HOURS, CheckIn, NotebookEntry, PartnershipStatus

QUARTER = Decimal("0.25")


class HoursField(forms.DecimalField):
    def __init__(self, **kwargs):
        kwargs.update(
            min_value=Decimal("0"),
            max_value=MAX_HOURS,
            max_digits=5,
            decimal_places=2,
            error_messages={"invalid": "Enter hours as a number, e.g. 1.5."},
            widget=forms.NumberInput(attrs={"step": "0.25", "min": "0", "max": "200", "inputmode": "decimal"}),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        # After the range and digit checks: 1e400 % 0.25 is more than Decimal can work out.
        value = super().clean(value)
        if value is not None and value % QUARTER:
            raise ValidationError("Round to the quarter hour (0.25, 0.5, 0.75).")
        return value


class MentorCheckInForm(forms.ModelForm):
    partnership_status = forms.ChoiceField(
        label="How is the partnership going?", choices=PartnershipStatus.choices, widget=forms.RadioSelect
    )

    class Meta:
        model = CheckIn
        fields = ["update", "partnership_status", *(hours.field for hours in HOURS_FIELDS)]
        field_classes = {hours.field: HoursField for hours in HOURS_FIELDS}
        labels = {"update": "A short update on your partnership", **{h.field: h.label for h in HOURS_FIELDS}}
        widgets = {"update": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["update"].required = True


class MenteeCheckInForm(forms.ModelForm):
    continues = forms.TypedChoiceField(
        label="Is your partnership going on?",
        choices=[("yes", "Yes, we carry on"), ("no", "No, it has ended or should end")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = CheckIn
        fields = ["update", "continues", "concern"]
        labels = {
            "update": "How is it going with your mentor?",
            "concern": "Anything the coordinator should know? (optional)",
        }
        help_texts = {"concern": "Only the program coordinator reads this, never your mentor."}
        widgets = {"update": forms.Textarea(attrs={"rows": 4}), "concern": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["update"].required = True
        if self.instance.continues is not None:
            self.initial["continues"] = "yes" if self.instance.continues else "no"


class NotebookEntryForm(forms.ModelForm):
    minutes = forms.IntegerField(
        label="How long (minutes)",
        min_value=5,
        max_value=24 * 60,
        widget=forms.NumberInput(attrs={"min": "5", "max": "1440", "step": "5", "inputmode": "numeric"}),
        error_messages={
            "invalid": "Give the length in minutes, e.g. 45.",
            "min_value": "Log meetings of 5 minutes or more.",
            "max_value": "A meeting can last a day at most (1,440 minutes).",
            "required": "How long did it last? Give it in minutes.",
        },
    )

    class Meta:
        model = NotebookEntry
        fields = ["date", "form", "minutes", "topics", "notes"]
        labels = {"form": "How did you meet?", "topics": "Topics", "notes": "Notes"}
        help_texts = {
            "notes": "Only you and your partner can read the notebook.",
            "topics": "A few words, e.g. “Certification plan, networking event”.",
        }
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "date": {"invalid": "Give the date as it is shown, e.g. 2026-11-03.", "required": "When did you meet?"},
            "form": {"invalid_choice": "Choose how you met from the list.", "required": "How did you meet?"},
            "topics": {"required": "What did you talk about? A few words are enough."},
        }

    def __init__(self, *args, match, **kwargs):
        super().__init__(*args, **kwargs)
        self.began = dates.began_on(match) or timezone.localdate()
        field = cast(forms.ChoiceField, self.fields["form"])
        field.choices = [(f.value, f.label) for f in CONTACT_FORMS]  # the model's, without "-----"
        self.fields["date"].widget.attrs.update(min=self.began.isoformat(), max=timezone.localdate().isoformat())

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise ValidationError("Log meetings that have happened; this date is in the future.")
        if day < self.began:
            raise ValidationError(f"Your partnership began on {self.began:%-d %B %Y}; log what happened since then.")
        return day
