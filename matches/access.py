from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Match, MatchStatus


def get_match_for(user, pk) -> Match:
    """A match as ``user`` may see it: coordinators any; the two partners theirs, once published. 404 otherwise."""
    if not user.is_authenticated:
        raise Http404
    matches = Match.objects.select_related("mentor", "mentee")
    if user.is_coordinator:
        return get_object_or_404(matches, pk=pk)
    return get_object_or_404(matches.involving(user).exclude(status=MatchStatus.PROPOSED), pk=pk)
