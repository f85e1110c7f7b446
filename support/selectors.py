"""Reading support: the coordinator's concerns inbox, a person's own reports, the library for a role."""

from __future__ import annotations

from collections import OrderedDict

from .models import Audience, Concern, ConcernStatus, Resource, ResourceKind


def concerns_inbox(status: str | None = None):
    """Concerns for the coordinator, urgent ones first, then the newest."""
    concerns = Concern.objects.select_related("reporter", "match__mentor", "match__mentee")
    if status in ConcernStatus.values:
        concerns = concerns.filter(status=status)
    return concerns.order_by("-urgent", "-created_at", "-pk")


def concern_counts() -> dict[str, int]:
    """{"open", "urgent_open", "acknowledged"}: what waits for the coordinator."""
    counts = {"open": 0, "urgent_open": 0, "acknowledged": 0}
    for status, urgent in Concern.objects.unresolved().values_list("status", "urgent"):
        if status == ConcernStatus.OPEN:
            counts["open"] += 1
            counts["urgent_open"] += urgent
        else:
            counts["acknowledged"] += 1
    return counts


def urgent_open():
    """Urgent concerns nobody has taken up yet, newest first, with who reported them (for the
    dashboard's alert, on every view of it: the one join it shows)."""
    return (
        Concern.objects.filter(status=ConcernStatus.OPEN, urgent=True)
        .select_related("reporter")
        .order_by("-created_at", "-pk")
    )


def reported_by(user):
    """A person's own reports, newest first: they see what became of them, nothing else."""
    return Concern.objects.filter(reporter=user).order_by("-created_at", "-pk")


def library_for(role: str | None, *, include_retired: bool = False) -> OrderedDict[str, list[Resource]]:
    """{kind label: resources} meant for ``role`` ("mentor", "mentee", or None for all), by kind."""
    resources = Resource.objects.all()
    if not include_retired:
        resources = resources.filter(retired_at__isnull=True)
    if role == "mentor":
        resources = resources.filter(audience__in=[Audience.MENTORS, Audience.BOTH])
    elif role == "mentee":
        resources = resources.filter(audience__in=[Audience.MENTEES, Audience.BOTH])
    grouped: OrderedDict[str, list[Resource]] = OrderedDict((label, []) for _, label in ResourceKind.choices)
    labels = dict(ResourceKind.choices)
    for resource in resources.order_by("title", "pk"):
        grouped[labels[resource.kind]].append(resource)
    return OrderedDict((label, items) for label, items in grouped.items() if items)


def concerns_about(match):
    """The concerns raised about one partnership, newest first (for the coordinator's match page)."""
    return Concern.objects.filter(match=match).select_related("reporter").order_by("-created_at", "-pk")
