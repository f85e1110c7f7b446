"""Who may see a partnership's meetings: only its two partners (the coordinator sees that meetings
happen, on the match page, never what they were to talk about). 404 for everyone else."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from matches.models import Match, MatchStatus

from .models import Meeting


def get_match_for(user, pk) -> Match:
    """A partnership whose meetings ``user`` plans: theirs, published (active, or closed to read)."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Match.objects.involving(user).exclude(status=MatchStatus.PROPOSED).select_related("mentor", "mentee"), pk=pk
    )


def get_meeting_for(user, pk) -> Meeting:
    """A meeting of one of ``user``'s partnerships; 404 for everyone else, coordinators included."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Meeting.objects.involving(user).select_related("match__mentor", "match__mentee", "proposed_by"), pk=pk
    )
