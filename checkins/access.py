from django.http import Http404
from django.shortcuts import get_object_or_404

from matches.models import Match, MatchStatus

from .models import CheckIn, NotebookEntry


def get_checkin_for(user, pk) -> CheckIn:
    """A check-in as its own person answers it; 404 for everyone else, coordinators included."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        CheckIn.objects.select_related("match__mentor", "match__mentee", "person"), pk=pk, person=user
    )


def get_notebook_match_for(user, pk) -> Match:
    """A match whose notebook ``user`` may read: only its two partners (not the coordinator)."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Match.objects.involving(user).exclude(status=MatchStatus.PROPOSED).select_related("mentor", "mentee"), pk=pk
    )


def get_notebook_entry_for(user, pk) -> NotebookEntry:
    """A notebook entry its author may correct or remove; 404 for everyone else, the partner included."""
    if not user.is_authenticated:
        raise Http404
    entry = get_object_or_404(NotebookEntry.objects.select_related("match__mentor", "match__mentee"), pk=pk)
    if not entry.editable_by(user):
        raise Http404
    return entry
