from django.http import Http404
from django.shortcuts import get_object_or_404

from matches.models import Match, MatchStatus

from .models import Agreement


def get_agreement_for(user, pk) -> Agreement:
    """An agreement for its two partners and coordinators; 404 for everyone else."""
    if not user.is_authenticated:
        raise Http404
    agreements = Agreement.objects.select_related("match__mentor", "match__mentee", "text")
    if user.is_coordinator:
        return get_object_or_404(agreements, pk=pk)
    return get_object_or_404(
        agreements.exclude(match__status=MatchStatus.PROPOSED), pk=pk, match__in=Match.objects.involving(user)
    )


def get_match_agreements_for(user, match_pk) -> Match:
    if not user.is_authenticated:
        raise Http404
    matches = Match.objects.exclude(status=MatchStatus.PROPOSED).select_related("mentor", "mentee")
    if user.is_coordinator:
        return get_object_or_404(matches, pk=match_pk)
    return get_object_or_404(matches.involving(user), pk=match_pk)
