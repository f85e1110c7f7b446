"""What endings keeps of a person, for privacy (``core.personal`` says the shape)."""

from __future__ import annotations

from django.db.models import Q

from core.personal import Export, Limits, rows
from matches.models import MatchStatus

from .models import Nomination, Survey, ThankYou

COVERS = {
    "endings.Survey": "exported; erased: free text blanked, ratings kept for the figures; free text deleted "
    "after the retention setting",
    "endings.ThankYou": "exported (given and received); erased: the message written by the person is removed",
    "endings.Nomination": "exported (made); erased: the reason written by the person is removed, the count kept",
}
REMOVED = "(removed)"


def export(user) -> Export:
    surveys = Survey.objects.filter(person=user).order_by("created_at")
    thanks = ThankYou.objects.filter(Q(mentee=user) | Q(mentor=user)).select_related("mentee", "mentor")
    nominations = Nomination.objects.filter(mentee=user).select_related("mentor")
    return Export(
        tables={
            "surveys": rows(
                surveys,
                [
                    "match_id",
                    "role",
                    "program_year",
                    "answered_at",
                    "rating",
                    "helped_most",
                    "program_change",
                    "again",
                    "goals_moved",
                ],
            ),
            "thanks": rows(thanks, ["match_id", "mentee", "mentor", "message"]),
            "nominations": rows(nominations, ["match_id", "mentor", "reason"]),
        }
    )


def erase(user) -> dict[str, int]:
    surveys = Survey.objects.filter(person=user).update(helped_most="", program_change="")
    thanks = ThankYou.objects.filter(mentee=user).update(message=REMOVED)
    nominations = Nomination.objects.filter(mentee=user).update(reason=REMOVED)
    return {"surveys": surveys, "thanks": thanks, "nominations": nominations}


def retain(limits: Limits) -> dict[str, int]:
    past = Q(match__status=MatchStatus.CLOSED, match__closed_at__lt=limits.partnership_texts_before)
    written = ~Q(helped_most="") | ~Q(program_change="")
    return {"survey texts": Survey.objects.filter(past, written).update(helped_most="", program_change="")}
