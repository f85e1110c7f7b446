from django.http import Http404
from django.shortcuts import get_object_or_404

from matches.models import Match, MatchStatus

from .models import Survey


def get_closed_match_for(user, pk) -> Match:
    """A closed partnership as one of its two partners sees it afterwards; 404 for everyone else."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Match.objects.involving(user).filter(status=MatchStatus.CLOSED).select_related("mentor", "mentee"), pk=pk
    )


def get_mentees_match_for(user, pk) -> Match:
    """A published partnership of which ``user`` is the mentee (for thanks and nominations); 404 otherwise."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Match.objects.exclude(status=MatchStatus.PROPOSED).select_related("mentor", "mentee"), pk=pk, mentee=user
    )


def get_survey_for(user, pk) -> Survey:
    """A closing survey, for the person it was sent to alone; 404 for everyone else, coordinators included."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Survey.objects.select_related("match__mentor", "match__mentee", "person"), pk=pk, person=user
    )
