from django import forms

from .kinds import Delivery, optional_kinds


class PreferencesForm(forms.Form):
    """A choice per optional kind (at once, in the daily digest, or not by e-mail); the page shows a person only
    the kinds of their role, so a kind left out keeps its choice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in optional_kinds():
            self.fields[kind.name] = forms.ChoiceField(choices=Delivery.choices, label=kind.label, required=False)

    def clean(self):
        chosen = {name: value for name, value in (super().clean() or {}).items() if value}
        if not chosen:
            raise forms.ValidationError("Please choose how we e-mail you.")
        return chosen
