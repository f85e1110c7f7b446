from django import forms

from matches.models import CloseReason

from .models import GoalsMoved

YES_NO = [("yes", "Yes"), ("no", "No")]


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why does the partnership end?",
        choices=[
            (CloseReason.COMPLETED, "We reached what we set out to do (completed)"),
            (CloseReason.NOT_A_FIT, "It was not the right fit"),
            (CloseReason.INACTIVE, "We stopped meeting (inactive)"),
            (CloseReason.OTHER, "Another reason"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose why the partnership ends."},
    )
    note = forms.CharField(
        label="A note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, by_partner=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].help_text = (
            "Only the coordinator reads this, not your partner." if by_partner else "Kept in the partnership's history."
        )


class SurveyForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="How did the partnership go?",
        coerce=int,
        choices=[(5, "5 · Very well"), (4, "4 · Well"), (3, "3 · Mixed"), (2, "2 · Not well"), (1, "1 · Badly")],
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose how it went, from 1 to 5."},
    )
    goals_moved = forms.ChoiceField(
        label="Did your goals move forward?",
        choices=GoalsMoved.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    helped_most = forms.CharField(
        label="What helped most?", required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
    program_change = forms.CharField(
        label="What should the program change?",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    again = forms.TypedChoiceField(
        label="Would you take part in the program again?",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Please say whether you would take part again."},
    )

    def __init__(self, *args, mentee: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not mentee:
            del self.fields["goals_moved"]
        else:
            self.fields["goals_moved"].required = True
            self.fields["goals_moved"].error_messages["required"] = "Please say whether your goals moved forward."


class ThanksForm(forms.Form):
    message = forms.CharField(
        label="Your note",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Your mentor receives it by e-mail and keeps it on their page.",
        error_messages={"required": "Please write a few words."},
    )


class NominationForm(forms.Form):
    reason = forms.CharField(
        label="Why does your mentor deserve it?",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Only the coordinator reads nominations; your mentor is not told.",
        error_messages={"required": "Please say why you nominate your mentor."},
    )


class AvailabilityForm(forms.Form):
    open_to_mentees = forms.TypedChoiceField(
        label="Would you take another mentee now?",
        choices=[("yes", "Yes, when there is a good match"), ("no", "Not for now")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
