from typing import cast

from django import forms

from .models import Category, ConcernStatus, Resource

NONE = "none"


class ConcernForm(forms.Form):
    category = forms.ChoiceField(label="What is it about?", choices=Category.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label="Tell the coordinator what happened",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Only the program coordinator reads this. Your partner is never told.",
        error_messages={"required": "Please say a few words about what happened."},
    )
    match = forms.ChoiceField(
        label="Which partnership is it about?",
        error_messages={"required": "Say which partnership it is about, or “None in particular”."},
    )

    def __init__(self, *args, matches=(), **kwargs):
        super().__init__(*args, **kwargs)
        matches = list(matches)
        choices = [(str(match.pk), f"With {match.partner_name}") for match in matches]
        if not choices:
            del self.fields["match"]
            return
        # Nothing is chosen for the person: one partnership is the likely answer, several are asked about.
        field = cast(forms.ChoiceField, self.fields["match"])
        field.choices = [("", "Choose…")] * (len(choices) > 1) + [*choices, (NONE, "None in particular")]
        if len(matches) == 1 and not self.initial.get("match"):
            self.initial["match"] = matches[0].pk

    def clean_match(self) -> int | None:
        value = self.cleaned_data["match"]
        return None if value == NONE else int(value)

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Please say a few words about what happened.")
        return text


class ConcernUpdateForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=ConcernStatus.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label="Private note",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you did or decided. Only coordinators see notes.",
    )


class ResourceForm(forms.ModelForm):
    url = forms.URLField(
        label="Link",
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text="A web address starting with https:// (or http://).",
    )

    class Meta:
        model = Resource
        fields = ["title", "kind", "audience", "url", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"note": "A sentence on why it helps."}

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("Only web links (starting with https:// or http://) can be added.")
        return url
