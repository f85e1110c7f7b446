from django import forms

from .models import PrivacySettings


class EraseSelfForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure it is you.",
    )
    confirm = forms.BooleanField(
        label="I understand that my account and what I wrote will be erased, and this cannot be undone."
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


class EraseForPersonForm(forms.Form):
    reason = forms.CharField(
        max_length=300,
        help_text="Why the account is erased (kept with the erasure's record, which holds no name).",
        widget=forms.TextInput(),
    )
    confirm = forms.BooleanField(label="Erase this account and what the person wrote. This cannot be undone.")


class ConsentForm(forms.Form):
    agree = forms.BooleanField(label="I have read the privacy notice and agree to it.")


class PrivacySettingsForm(forms.ModelForm):
    class Meta:
        model = PrivacySettings
        fields = ["partnership_texts_months", "concerns_months", "declined_months", "agreements_years"]
