"""Reading people: who coordinates the program; the program's settings as every page shows them; the disciplines."""

from django.db.models import Count, Q

from core.cache import cached_copy

from .models import COORDINATOR_GROUP, Discipline, Profile, ProgramSettings, Role, Status, User

PROGRAM_SHOWN_KEY = "profiles:program-settings"
PROGRAM_SHOWN_SECONDS = 600  # a change saved by program_settings_update is seen at once; this bounds any other


def program_shown() -> ProgramSettings:
    """The program's settings for display (name, contact in every page's header and footer), from the
    cache: every page needs them and they seldom change. ``services.program_settings_update`` drops the
    copy. Rules that act on the settings (check-in days, matching) read ``ProgramSettings.load()``."""
    return cached_copy(PROGRAM_SHOWN_KEY, ProgramSettings.load, timeout=PROGRAM_SHOWN_SECONDS)


def status_counts() -> dict[str, int]:
    """How many profiles have each status (the applications' tabs). The few not yet approved are counted through
    the index on status; the approved, nearly every profile of a running program, as every profile but those:
    a plain count of the table costs about half a count grouped by status (a string hashed per row)."""
    others = [s for s in Status.values if s != Status.APPROVED]
    counts = dict(Profile.objects.filter(status__in=others).values_list("status").annotate(n=Count("id")).order_by())
    counts[Status.APPROVED] = Profile.objects.count() - sum(counts.values())
    return counts


def coordinators():
    """Every active coordinator (and operator), each once, oldest account first."""
    return (
        User.objects.filter(Q(is_superuser=True) | Q(groups__name=COORDINATOR_GROUP), is_active=True)
        .distinct()
        .order_by("pk")
    )


def disciplines():
    """Every discipline, by name (the model's order), for filters and forms."""
    return Discipline.objects.all()


# The program year in figures (R1) -----------------------------------------------------------------


def applications_in(start_at, end_at) -> dict[str, dict[str, int]]:
    """Applications received from ``start_at`` up to ``end_at``, by role, with how each stands now:
    {role: {"received", "approved", "declined", "waitlisted", "pending"}}. One query."""
    rows = (
        Profile.objects.filter(submitted_at__gte=start_at, submitted_at__lt=end_at)
        .values("role")
        .annotate(received=Count("pk"), **{s.value: Count("pk", filter=Q(status=s)) for s in Status})
        .order_by()
    )
    found = {row["role"]: row for row in rows}
    keys = ["received", *Status.values]
    return {role: {key: found.get(role, {}).get(key, 0) for key in keys} for role in Role.values}
