from django.http import Http404
from django.shortcuts import get_object_or_404

from matches.models import Match, MatchStatus

from .models import Agreement, Kind


def get_match_agreements_for(user, match_pk) -> Match:
    """A published match whose agreements ``user`` may read: its two partners and coordinators; 404 otherwise."""
    if not user.is_authenticated:
        raise Http404
    matches = Match.objects.exclude(status=MatchStatus.PROPOSED).select_related("mentor", "mentee")
    if user.is_coordinator:
        return get_object_or_404(matches, pk=match_pk)
    return get_object_or_404(matches.involving(user), pk=match_pk)


def get_agreement_for(user, match_pk, kind) -> Agreement | None:
    """The match's agreement of ``kind`` as ``user`` may read it, or None when nobody has started it yet.

    404 for anyone but the two partners and coordinators, and for an unknown kind.
    """
    if kind not in Kind.values:
        raise Http404
    match = get_match_agreements_for(user, match_pk)
    agreement = Agreement.objects.select_related("text").filter(match=match, kind=kind).first()
    if agreement is not None:
        agreement.match = match
    return agreement


def is_partner(user, match) -> bool:
    return user.pk in (match.mentor_id, match.mentee_id)
