"""Reading support: the coordinator's concerns inbox, a person's own reports, the library for a role."""

from __future__ import annotations

from collections import OrderedDict

from django.db.models import Count, Q

from .models import Audience, Concern, ConcernStatus, Resource, ResourceKind


def concerns_inbox(status: str | None = None):
    """Concerns for the coordinator, urgent ones first, then the newest."""
    concerns = Concern.objects.select_related("reporter", "match__mentor", "match__mentee")
    if status in ConcernStatus.values:
        concerns = concerns.filter(status=status)
    return concerns.order_by("-urgent", "-created_at", "-pk")


def concern_counts() -> dict[str, int]:
    """{"open", "urgent_open", "acknowledged", "resolved", "all"}: what waits for the coordinator, what was
    resolved, and every concern; one query, so every tab of the inbox shows its count."""
    counts = Concern.objects.aggregate(
        open=Count("pk", filter=Q(status=ConcernStatus.OPEN)),
        urgent_open=Count("pk", filter=Q(status=ConcernStatus.OPEN, urgent=True)),
        acknowledged=Count("pk", filter=Q(status=ConcernStatus.ACKNOWLEDGED)),
        resolved=Count("pk", filter=Q(status=ConcernStatus.RESOLVED)),
        all=Count("pk"),
    )
    return {name: value or 0 for name, value in counts.items()}


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
    return (
        Concern.objects.filter(match=match)
        .select_related("reporter")
        .only("category", "urgent", "status", "created_at", "reporter__name", "reporter__called", "reporter__email")
        .order_by("-created_at", "-pk")
    )
