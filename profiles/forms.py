from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator

from core.forms import IdChoiceField, IdMultipleChoiceField

from .csv_import import InvitationRow, parse_invitations_csv
from .models import (
    PREFERRED_CHANNELS,
    Channel,
    Discipline,
    Frequency,
    MenteeCategory,
    Profile,
    ProgramSettings,
    Status,
    TimeSlot,
    Topic,
    tidy_text,
)
from .services import PROGRAM_SETTINGS_FIELDS

MAX_CSV_BYTES = 1024 * 1024


class NamesForm(forms.Form):
    """A person's full name, and the name greetings use."""

    name = forms.CharField(
        label="Full name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name", "placeholder": "As it appears on your documents"}),
        error_messages={"required": "Please enter your name."},
    )
    called = forms.CharField(
        label="What should we call you?",
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "nickname", "placeholder": "e.g. your given name"}),
        help_text="Used in greetings. Leave it empty to use the first word of your full name.",
    )

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_called(self):
        return " ".join(self.cleaned_data["called"].split())


class SignupForm(NamesForm):
    """Extra fields on allauth's sign-up form: the person's names."""

    field_order = ["name", "called", "email", "password1", "password2"]

    def signup(self, request, user):
        # allauth calls this right after it creates the account.
        from .services import invitation_accept

        user.name = self.cleaned_data["name"]
        user.called = self.cleaned_data["called"]
        user.save(update_fields=["name", "called"])
        invitation_accept(email=user.email)


class CommaListField(forms.CharField):
    """A comma-separated list typed in one box, kept as a list of tidy strings."""

    def to_python(self, value):
        text = super().to_python(value) or ""
        items, seen = [], set()
        for raw in text.split(","):
            item = " ".join(raw.split())
            if item and item.casefold() not in seen:
                seen.add(item.casefold())
                items.append(item[:1].upper() + item[1:])
        return items

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value


class ProfileForm(forms.ModelForm):
    """Fields both roles fill in; MentorForm and MenteeForm add their own."""

    channels = forms.MultipleChoiceField(
        label="Preferred ways to communicate",
        choices=PREFERRED_CHANNELS,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = CommaListField(
        label="Languages",
        max_length=200,
        help_text="Separate languages with commas, e.g. English, French.",
        error_messages={"required": "Please name at least one language."},
    )
    meeting_frequency = forms.ChoiceField(label="How often would you like to meet?", choices=Frequency.choices)
    availability_slots = forms.MultipleChoiceField(
        label="When could you usually meet?",
        choices=TimeSlot.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Please tick at least one time you could meet."},
    )
    contact_time_slots = forms.MultipleChoiceField(
        label="When do you like to be contacted?",
        choices=TimeSlot.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Please tick at least one time you like to be contacted."},
    )

    class Meta:
        model = Profile
        fields = [
            "discipline",
            "channels",
            "city",
            "languages",
            "meeting_frequency",
            "availability_slots",
            "contact_time_slots",
            "contact_times",
            "bio",
        ]
        labels = {"contact_times": "Anything else about times (optional)"}
        field_classes = {"discipline": IdChoiceField}
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 4}),
            "contact_times": forms.TextInput(attrs={"placeholder": "e.g. not before 9 on Saturdays"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        discipline = cast(forms.ModelChoiceField, self.fields["discipline"])
        discipline.queryset = Discipline.objects.all()
        discipline.empty_label = "Choose your discipline"
        self.fields["bio"].help_text = "A few sentences about you, shown to your match. 2,000 characters at most."

    def clean_city(self):
        return tidy_text(self.cleaned_data["city"])

    def clean(self):
        cleaned = super().clean() or {}
        if Channel.IN_PERSON in cleaned.get("channels", []) and not cleaned.get("city", "").strip():
            self.add_error("city", "Please give your city if you would like to meet in person.")
        return cleaned


class MentorForm(ProfileForm):
    expertise = IdMultipleChoiceField(
        label="Areas of expertise",
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text="What you could help a mentee with.",
    )

    class Meta(ProfileForm.Meta):
        fields = [*ProfileForm.Meta.fields, "years_experience", "expertise", "capacity", "availability"]
        labels = {**ProfileForm.Meta.labels, "capacity": "How many mentees could you take on at once?"}
        widgets = {
            **ProfileForm.Meta.widgets,
            "availability": forms.TextInput(attrs={"placeholder": "e.g. 2 hours a month, not in July"}),
        }
        help_texts = {
            "availability": "How much time you could give, and any breaks.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["years_experience"].required = True
        # Bounds a person can mean; beyond them is a typo (and, in a small integer column, a database error).
        self.fields["years_experience"].validators.append(MaxValueValidator(80))
        self.fields["capacity"].required = True
        self.fields["capacity"].validators.append(MaxValueValidator(20))
        self.fields["capacity"].initial = 1
        self.fields["availability"].required = True
        self.order_fields(["discipline", "years_experience", "expertise", "capacity", "availability"])


class MenteeForm(ProfileForm):
    category = forms.ChoiceField(
        label="Which describes you best?",
        choices=[("", "Choose one…"), *MenteeCategory.choices],
        error_messages={"required": "Please choose which describes you best."},
    )
    focus_areas = IdMultipleChoiceField(
        label="Areas where input would help most",
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta(ProfileForm.Meta):
        fields = [*ProfileForm.Meta.fields, "category", "goals", "focus_areas"]
        labels = {**ProfileForm.Meta.labels, "goals": "Your goals for the mentoring partnership"}
        widgets = {**ProfileForm.Meta.widgets, "goals": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].required = True
        self.order_fields(["category", "discipline", "goals", "focus_areas"])


class ReviewForm(forms.Form):
    status = forms.ChoiceField(
        label="Decision",
        choices=[(s.value, s.label) for s in (Status.APPROVED, Status.WAITLISTED, Status.DECLINED, Status.PENDING)],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label="Private notes",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only coordinators see these.",
    )


class ProgramSettingsForm(forms.ModelForm):
    class Meta:
        model = ProgramSettings
        fields = PROGRAM_SETTINGS_FIELDS
        help_texts = {
            "award_name": (
                "The award mentees may nominate their mentor for. Renaming it changes what they see from now on; "
                "nominations already made keep the name they were made for, and the list of nominations shows both."
            ),
        }

    def clean(self):
        cleaned = super().clean() or {}
        window, reminder = cleaned.get("response_window_days"), cleaned.get("reminder_after_days")
        if window and reminder and reminder >= window:
            self.add_error("reminder_after_days", "The reminder must go out before the response window closes.")
        return cleaned


class InvitationUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="One person a line, with a header row: name, email, role (mentor or mentee).",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> list[InvitationRow]:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise ValidationError("The file is larger than 1 MB. Please split it into smaller files.")
        rows, errors = parse_invitations_csv(upload.read())
        if errors:
            raise ValidationError(errors)
        return rows
