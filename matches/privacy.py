"""What matches keeps of a person, for privacy (``core.personal`` says the shape)."""

from __future__ import annotations

from core.personal import Export, rows

from .models import Match

COVERS = {
    "matches.Match": "exported (partner, dates, status); kept for the figures, the person shown as a former "
    "participant; the close note is the coordinator's and is left out",
    "matches.MatchEvent": "kept: the partnership's history (who acted shows as a former participant)",
    "matches.ProposalRun": "the coordinator's matching runs: no participant's text",
}


def export(user) -> Export:
    matches = Match.objects.involving(user).select_related("mentor", "mentee").order_by("created_at")
    table = rows(matches, ["id", "mentor", "mentee", "status", "close_reason", "created_at", "started_at", "closed_at"])
    return Export(tables={"matches": table})


def erase(user) -> dict[str, int]:
    # The match stays, for the figures and the partner's history; the person's name goes with the account.
    return {}
