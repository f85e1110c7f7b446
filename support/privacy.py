"""What support keeps of a person, for privacy (``core.personal`` says the shape)."""

from __future__ import annotations

from django.db.models import Max, Q

from core.personal import Export, Limits, rows

from .models import Concern, ConcernEvent, ConcernStatus

COVERS = {
    "support.Concern": "exported (concerns the person reported); erased: the text blanked, category and status "
    "kept for the counts; text deleted after the retention setting once resolved",
    "support.ConcernEvent": "the coordinator's private notes: never exported; erased and retained with the concern",
    "support.Resource": "the program's library: no personal data",
}


def export(user) -> Export:
    concerns = Concern.objects.filter(reporter=user).order_by("created_at")
    fields = ["id", "match_id", "category", "urgent", "text", "source", "status", "created_at"]
    return Export(tables={"concerns": rows(concerns, fields)})


def erase(user) -> dict[str, int]:
    notes = ConcernEvent.objects.filter(concern__reporter=user).exclude(note="").update(note="")
    concerns = Concern.objects.filter(reporter=user).exclude(text="").update(text="")
    return {"concerns": concerns, "concern notes": notes}


def retain(limits: Limits) -> dict[str, int]:
    """A resolved concern's text and notes go once it was resolved before the limit (its last resolution)."""
    past = (
        Concern.objects.filter(status=ConcernStatus.RESOLVED)
        .annotate(resolved_at=Max("events__at", filter=Q(events__to_status=ConcernStatus.RESOLVED)))
        .filter(resolved_at__lt=limits.concerns_before)
        .values("pk")
    )
    notes = ConcernEvent.objects.filter(concern__in=past).exclude(note="").update(note="")
    concerns = Concern.objects.filter(pk__in=past).exclude(text="").update(text="")
    return {"concern texts": concerns, "concern notes": notes}
