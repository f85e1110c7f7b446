from django import forms

from .models import TERMS_FIELDS, Agreement, AgreementText
from .signatures import names_match


class TermsForm(forms.ModelForm):
    confirm_clear = forms.BooleanField(
        required=False,
        label="I understand that saving clears the signature already given, and my partner will be told.",
    )

    class Meta:
        model = Agreement
        fields = TERMS_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ["goals", "expectations", "mentee_responsibilities", "mentor_responsibilities"]
        }
        help_texts = {
            "mentee_responsibilities": "Anything you add to the responsibilities in the agreement's text.",
            "mentor_responsibilities": "Anything you add to the responsibilities in the agreement's text.",
        }


class SignForm(forms.Form):
    typed_name = forms.CharField(
        label="Type your full name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    confirmed = forms.BooleanField(
        label="I have read this agreement and I agree to it.",
        error_messages={"required": "Please tick the box to confirm you have read the agreement."},
    )

    without_goals = forms.BooleanField(
        label="Our goals are not written yet; I sign anyway.",
        required=False,
    )

    def __init__(self, *args, user, goals_missing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not goals_missing:
            del self.fields["without_goals"]

    def clean_typed_name(self):
        typed = self.cleaned_data["typed_name"]
        if not names_match(typed, self.user.name):
            raise forms.ValidationError(f"Please type your full name exactly as on your account: {self.user.name}.")
        return typed


class TextForm(forms.ModelForm):
    body = forms.CharField(
        label="Wording",
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=AgreementText._meta.get_field("body").help_text,
    )

    class Meta:
        model = AgreementText
        fields = ["body"]
        labels = {"body": "Wording"}
        widgets = {"body": forms.Textarea(attrs={"rows": 18})}
