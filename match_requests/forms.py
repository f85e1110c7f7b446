from django import forms

from .models import MAX_CHOICES

POSITIONS = ["First choice", "Second choice (optional)", "Third choice (optional)"]


class ChooseForm(forms.Form):
    """Up to three mentors in order, among those suggested, and a short note to them."""

    note = forms.CharField(
        label="A short note to the mentors you ask",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you hope to work on together. Each mentor you ask reads it.",
    )

    def __init__(self, *args, suggested=(), **kwargs):
        super().__init__(*args, **kwargs)
        options = [("", "—")] + [(str(s.profile.user_id), s.profile.user.name) for s in suggested]
        for n in range(MAX_CHOICES):
            self.fields[f"choice_{n + 1}"] = forms.TypedChoiceField(
                label=POSITIONS[n], choices=options, coerce=int, required=n == 0, empty_value=None
            )
        self.order_fields([f"choice_{n + 1}" for n in range(MAX_CHOICES)] + ["note"])

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        chosen = [cleaned.get(f"choice_{n + 1}") for n in range(MAX_CHOICES)]
        picked = [pk for pk in chosen if pk]
        if len(picked) != len(set(picked)):
            raise forms.ValidationError("Please choose each mentor once.")
        if chosen[1] is None and chosen[2]:
            self.add_error("choice_2", "Please fill in your second choice before your third.")
        cleaned["mentor_ids"] = picked
        return cleaned


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your answer",
        choices=[("accept", "Yes, I will be the mentor"), ("decline", "No, not this time")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Why not (for the coordinator only)",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="If you decline: a few words help the coordinator. The mentee is told kindly, without them.",
    )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("decision") == "decline" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Please say in a few words why you decline.")
        return cleaned


class CardForm(forms.Form):
    bio = forms.CharField(
        label="Short bio",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you do, what you have learned, what you enjoy helping with. Mentees choose by this.",
    )
    photo = forms.FileField(
        label="Photo (optional)",
        required=False,
        help_text="JPEG, PNG or WebP, under 5 MB. We keep a small copy without its location or camera data; "
        "only people logged in to the program who may see your card see it.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label="Remove my photo", required=False)
