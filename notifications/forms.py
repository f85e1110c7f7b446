from django import forms

from .kinds import Delivery, optional_kinds


class PreferencesForm(forms.Form):
    """One choice per optional kind: at once, in the daily digest, or not by e-mail."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in optional_kinds():
            self.fields[kind.name] = forms.ChoiceField(choices=Delivery.choices, label=kind.label)
