"""What plans keep of a person, for privacy (``core.personal`` says the shape)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from core.personal import Export, Limits, rows
from matches.models import OPEN_STATUSES, Match, MatchStatus

from .models import Comment, Plan, PlanEvent, PlanVersion

COVERS = {
    "plans.Plan": "exported (the mentee's, with its PDF); kept for the figures",
    "plans.PlanVersion": "exported; erased: the mentee's words removed, statuses and dates kept for the figures",
    "plans.Action": "statuses and dates only: kept for the figures",
    "plans.Checkpoint": "dates only: kept for the figures",
    "plans.Comment": "exported (comments the person wrote); erased: replaced by a removal notice; deleted "
    "after the retention setting once the mentee's partnerships are closed",
    "plans.PlanEvent": "what happened, in words that carry none of the plan's text: kept",
}
# The plan's content keeps these (statuses, dates, ways of meeting): the figures read them, and they say nothing.
KEPT_KEYS = {"status", "position", "on", "due_on", "starts_on", "done_on", "held_on", "how", "shared"}
REMOVED = "(removed)"


def _stripped(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _stripped(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_stripped(v, key) for v in value]
    if isinstance(value, str) and key not in KEPT_KEYS:
        return ""
    return value


def export(user) -> Export:
    tables: dict[str, list[dict[str, Any]]] = {}
    files: dict[str, bytes] = {}
    plan = Plan.objects.filter(mentee=user).first()
    if plan is not None:
        versions = plan.versions.order_by("number")
        tables["plan_versions"] = [{"number": v.number, "saved_at": v.saved_at.isoformat(), "content": v.content}
                                   for v in versions]  # fmt: skip
        current = versions.last()
        if current is not None:
            from profiles.models import ProgramSettings

            from .pdf import plan_pdf

            files["plans/action-plan.pdf"] = plan_pdf(plan, current, ProgramSettings.load(), timezone.localdate())
    comments = Comment.objects.filter(author=user).order_by("created_at")
    tables["plan_comments"] = rows(comments, ["plan_id", "goal", "body", "version", "created_at"])
    return Export(tables=tables, files=files)


def erase(user) -> dict[str, int]:
    comments = Comment.objects.filter(author=user).exclude(body=REMOVED).update(body=REMOVED)
    versions = 0
    for version in PlanVersion.objects.filter(plan__mentee=user):
        version.content = _stripped(version.content)
        version.save(update_fields=["content"])
        versions += 1
    PlanEvent.objects.filter(plan__mentee=user).exclude(detail="").update(detail="")
    return {"plan comments": comments, "plan versions": versions}


def retain(limits: Limits) -> dict[str, int]:
    """Comments go once the mentee has no open partnership and her last one closed before the limit."""
    open_match = Match.objects.filter(mentee=OuterRef("plan__mentee"), status__in=OPEN_STATUSES)
    recent = Match.objects.filter(
        mentee=OuterRef("plan__mentee"), status=MatchStatus.CLOSED, closed_at__gte=limits.partnership_texts_before
    )
    ever = Match.objects.filter(mentee=OuterRef("plan__mentee"), status=MatchStatus.CLOSED)
    past = Comment.objects.filter(Exists(ever), ~Exists(open_match), ~Exists(recent))
    return {"plan comments": past.filter(~Q(body="")).delete()[0]}
