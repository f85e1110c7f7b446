"""What check-ins and the notebook keep of a person, for privacy (``core.personal`` says the shape)."""

from __future__ import annotations

from django.db.models import Q

from core.personal import Export, Limits, rows
from matches.models import MatchStatus

from .models import HOURS_FIELDS, CheckIn, NotebookEntry, NotebookRevision
from .selectors import checkins_changed

COVERS = {
    "checkins.CheckIn": "exported; erased: free text blanked, hours and statuses kept for the figures; "
    "free text deleted after the retention setting",
    "checkins.NotebookEntry": "exported (entries the person wrote); erased: notes and topics blanked, minutes "
    "kept; notes deleted after the retention setting",
    "checkins.NotebookRevision": "erased and retained as the entries",
    "checkins.QuietEpisode": "figures about a pair's contact: no text a person wrote",
    "checkins.MonthFigures": "the program's monthly counts: no personal data",
}

CHECKIN_FIELDS = ["id", "match_id", "role", "month", "hours_month", "status", "answered_at", "late", "update",
                  "partnership_status", *[h.field for h in HOURS_FIELDS], "continues", "concern"]  # fmt: skip
ENTRY_FIELDS = ["id", "match_id", "date", "form", "minutes", "topics", "notes", "created_at", "updated_at"]


def export(user) -> Export:
    checkins = CheckIn.objects.filter(person=user).order_by("month", "pk")
    entries = NotebookEntry.objects.filter(author=user).order_by("date", "pk")
    return Export(tables={"checkins": rows(checkins, CHECKIN_FIELDS), "notebook": rows(entries, ENTRY_FIELDS)})


def erase(user) -> dict[str, int]:
    checkins_changed()  # the concerns counted change
    checkins = CheckIn.objects.filter(person=user).filter(~Q(update="") | ~Q(concern="")).update(update="", concern="")
    entries = NotebookEntry.everything.filter(author=user).update(notes="", topics="(removed)")
    revisions = NotebookRevision.objects.filter(by=user).update(notes="", topics="(removed)")
    return {"check-in texts": checkins, "notebook entries": entries, "notebook revisions": revisions}


def retain(limits: Limits) -> dict[str, int]:
    """Notebook notes and check-in free text go once their partnership closed before the limit."""
    checkins_changed()  # the concerns counted change
    past = Q(match__status=MatchStatus.CLOSED, match__closed_at__lt=limits.partnership_texts_before)
    entries = NotebookEntry.everything.filter(past, ~Q(notes="")).update(notes="")
    revisions = NotebookRevision.objects.filter(
        Q(entry__match__status=MatchStatus.CLOSED, entry__match__closed_at__lt=limits.partnership_texts_before),
        ~Q(notes=""),
    ).update(notes="")
    checkins = CheckIn.objects.filter(past).filter(~Q(update="") | ~Q(concern="")).update(update="", concern="")
    return {"notebook notes": entries + revisions, "check-in texts": checkins}
