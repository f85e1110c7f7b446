from typing import cast

from django import forms

from core.forms import IdChoiceField
from profiles.models import Profile

from .services import DEFAULT_MIN_SCORE


class BulkProposalForm(forms.Form):
    min_score = forms.IntegerField(
        label="Lowest score to propose",
        min_value=0,
        max_value=100,
        initial=DEFAULT_MIN_SCORE,
        help_text="Pairs scoring below this are left for you to match by hand.",
    )


class ProposeForm(forms.Form):
    mentor = IdChoiceField(
        label="Any approved mentor",
        queryset=Profile.objects.none(),
        empty_label="Choose a mentor",
        to_field_name="user_id",
    )
    # Set by the second step, when the coordinator confirms a pair that fails a requirement.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mentor = cast(forms.ModelChoiceField, self.fields["mentor"])
        mentor.queryset = Profile.objects.approved().mentors().select_related("user").order_by("user__name")
        mentor.label_from_instance = lambda obj: f"{obj.user.name} ({obj.discipline})"  # type: ignore[method-assign]


class NotAgainForm(forms.Form):
    mentor = IdChoiceField(
        label="Mentor",
        queryset=Profile.objects.none(),
        empty_label="Choose a mentor",
        to_field_name="user_id",
    )
    note = forms.CharField(label="Why (for coordinators only)", max_length=300, required=False)
    remove = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mentor = cast(forms.ModelChoiceField, self.fields["mentor"])
        mentor.queryset = Profile.objects.approved().mentors().select_related("user").order_by("user__name")
        mentor.label_from_instance = lambda obj: obj.user.name  # type: ignore[method-assign]
