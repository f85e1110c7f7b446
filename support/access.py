from django.http import Http404
from django.shortcuts import get_object_or_404

from matches.models import Match, MatchStatus

from .models import Concern, Resource


def get_concern_for(user, pk) -> Concern:
    """A concern as the coordinator handles it; 404 for everyone else, the reporter included (they have their list)."""
    if not (user.is_authenticated and user.is_coordinator):
        raise Http404
    return get_object_or_404(Concern.objects.select_related("reporter", "match__mentor", "match__mentee"), pk=pk)


def get_resource_for(user, pk) -> Resource:
    if not (user.is_authenticated and user.is_coordinator):
        raise Http404
    return get_object_or_404(Resource, pk=pk)


def own_matches(user):
    """The published matches ``user`` is a partner in, newest first, each with ``partner_name``."""
    matches = list(
        Match.objects.involving(user)
        .exclude(status=MatchStatus.PROPOSED)
        .select_related("mentor", "mentee")
        .order_by("-started_at", "-pk")
    )
    for match in matches:
        match.partner_name = match.partner_of(user).name
    return matches
