from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.core.validators import URLValidator
from django.utils import timezone

from .models import MAX_MINUTES, MEETING_FORMS, MIN_MINUTES

LENGTHS = [(30, "30 minutes"), (45, "45 minutes"), (60, "1 hour"), (90, "1 hour 30"), (120, "2 hours")]

# The guide's ideas for meetings ("Ideas for meetings"), offered as picks beside the plan's open actions.
TOPIC_IDEAS = [
    "Trends in the field",
    "Types of employers",
    "Career paths",
    "Becoming a certified professional",
    "Workplace culture",
    "Pay and benefits",
    "Networking",
    "Professional development",
    "Résumés and standing out",
]


class MeetingForm(forms.Form):
    """A time, a form and a place for a meeting, and what to talk about; in the program's time zone."""

    day = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Give the date as shown, e.g. 2026-12-08.", "required": "Which day?"},
    )
    start = forms.TimeField(
        label="Starts at",
        widget=forms.TimeInput(attrs={"type": "time", "step": "300"}, format="%H:%M"),
        error_messages={"invalid": "Give the time as shown, e.g. 18:30.", "required": "At what time?"},
    )
    minutes = forms.TypedChoiceField(label="Length", choices=LENGTHS, coerce=int, initial=60)
    form = forms.ChoiceField(
        label="How will you meet?",
        choices=[(f.value, f.label) for f in MEETING_FORMS],
        widget=forms.RadioSelect,
        initial=MEETING_FORMS[0].value,
    )
    place = forms.CharField(label="Place", max_length=200, required=False, help_text="An address, a café, a room.")
    link = forms.URLField(
        label="Video link",
        max_length=500,
        required=False,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        error_messages={"invalid": "Give a web address starting with https://."},
        help_text="For a video call: the address to join it.",
    )
    picks = forms.MultipleChoiceField(
        label="Ideas to talk about", required=False, widget=forms.CheckboxSelectMultiple, choices=[]
    )
    agenda = forms.CharField(
        label="What to talk about",
        max_length=1500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only the two of you see this.",
    )

    def __init__(self, *args, actions: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        picks = self.fields["picks"]
        assert isinstance(picks, forms.MultipleChoiceField)
        picks.choices = [(f"Plan: {a}", f"Plan: {a}") for a in actions or []] + [(idea, idea) for idea in TOPIC_IDEAS]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        day, start = cleaned.get("day"), cleaned.get("start")
        if day and start:
            try:
                starts_at = timezone.make_aware(datetime.combine(day, start))
            except (OverflowError, ValueError):
                self.add_error("day", "That date is out of range.")
                return cleaned
            if starts_at <= timezone.now():
                self.add_error("day", "Please choose a time that has not passed yet.")
            elif starts_at > timezone.now() + timedelta(days=366):
                self.add_error("day", "Plan meetings up to a year ahead.")
            cleaned["starts_at"] = starts_at
        if cleaned.get("form") == "video" and not cleaned.get("link") and not cleaned.get("place"):
            self.add_error("link", "Give the video link, or say where it will be.")
        return cleaned

    def meeting_data(self) -> dict:
        """The service's arguments: plain values."""
        data = self.cleaned_data
        agenda = "\n".join([*(f"- {pick}" for pick in data.get("picks") or []), data.get("agenda", "")]).strip()
        return {
            "starts_at": data["starts_at"],
            "minutes": max(MIN_MINUTES, min(MAX_MINUTES, data["minutes"])),
            "form": data["form"],
            "place": data.get("place", ""),
            "link": data.get("link", ""),
            "agenda": agenda[:2000],
        }

    @classmethod
    def initial_for(cls, meeting) -> dict:
        start = timezone.localtime(meeting.starts_at)
        return {
            "day": start.date(),
            "start": start.time().replace(second=0, microsecond=0),
            "minutes": meeting.minutes if meeting.minutes in dict(LENGTHS) else 60,
            "form": meeting.form,
            "place": meeting.place,
            "link": meeting.link,
            "agenda": meeting.agenda,
        }


class DeclineForm(forms.Form):
    note = forms.CharField(label="A word for your partner (optional)", max_length=300, required=False)
