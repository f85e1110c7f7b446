"""What requests hold about a person, for the privacy app to export and erase (data rights).

- ``MentorRequest``: a mentee's request for a mentor: her note to the mentors (her own words), when it
  was sent and how it ended. Exported to the mentee; deleted with her (its choices go with it). No figure
  counts requests once they are closed, and the match an accepted request made is ``matches``' row.
- ``Choice``: one mentor she asked, in her order, and how they answered. For the mentee it is part of
  her request. For the mentor it is a request received: exported to them (who asked, when, their answer
  and the reason they gave). When the mentor is erased, the reason (their words) is blanked and the rest
  stays, as part of the mentee's history; the name shown is whatever the account's name becomes.

The mentor's card is made of their profile (``profiles``): the bio and the photo (``Profile.photo``, a
file in the documents storage) are exported and erased by ``profiles/privacy.py``, which must delete the
photo's file with the profile's texts. Nothing else of this app holds a person's data.

The shape is ``core.personal``'s (``COVERS``, ``export(user)`` with ``tables`` and ``files``, ``erase(user)``).
"""

from __future__ import annotations

from django.db import transaction

from core.personal import Export

from .models import Choice, MentorRequest

COVERS = {
    "match_requests.MentorRequest": "exported to the mentee (her note, dates, outcome); deleted with her",
    "match_requests.Choice": "exported to the mentee (her choices) and to the mentor (requests received); "
    "deleted with the mentee's request; the mentor's reason is blanked when the mentor is erased",
}


def _when(value) -> str:
    return value.isoformat() if value else ""


def export(user) -> Export:
    """Everything this app holds of ``user``: the requests she sent and the requests he received."""
    sent = [
        {
            "sent at": _when(choice.request.created_at),
            "note": choice.request.note,
            "request": choice.request.get_status_display(),
            "choice": choice.position,
            "mentor": str(choice.mentor),
            "answer": choice.get_status_display(),
            "asked at": _when(choice.asked_at),
            "answered at": _when(choice.answered_at),
        }
        for choice in Choice.objects.filter(request__mentee=user)
        .select_related("request", "mentor")
        .order_by("request__created_at", "position")
    ]
    received = [
        {
            "from": str(choice.request.mentee),
            "note": choice.request.note,
            "asked at": _when(choice.asked_at),
            "answer by": _when(choice.deadline),
            "answer": choice.get_status_display(),
            "reason given": choice.reason if choice.status == "declined" else "",
            "answered at": _when(choice.answered_at),
        }
        for choice in Choice.objects.filter(mentor=user)
        .exclude(asked_at=None)
        .select_related("request__mentee")
        .order_by("asked_at")
    ]
    requests_without_choices = [
        {"sent at": _when(r.created_at), "note": r.note, "request": r.get_status_display()}
        for r in MentorRequest.objects.filter(mentee=user, choices=None)
    ]
    return Export(
        tables={
            "requests for a mentor": sent + requests_without_choices,
            "requests received": received,
        }
    )


@transaction.atomic
def erase(user) -> dict[str, int]:
    """Delete the person's own requests (with their choices) and blank the reasons they gave as a mentor;
    {model: rows touched}."""
    choices = Choice.objects.filter(request__mentee=user).count()
    requests, _ = MentorRequest.objects.filter(mentee=user).delete()
    reasons = Choice.objects.filter(mentor=user).exclude(reason="").update(reason="")
    return {"match_requests.MentorRequest": requests - choices, "match_requests.Choice": choices + reasons}
