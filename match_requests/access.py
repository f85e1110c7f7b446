"""Who may see what of requests and mentors' cards. Anything private answers 404 to everyone else."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from profiles.models import Profile, User

from . import selectors
from .models import Choice, MentorRequest


def get_card_for(user: User, mentor_pk: int) -> Profile:
    """A mentor's card (and photo): for the coordinator, the mentor themself, their partners, and a mentee
    who has them among her suggestions or asked them; 404 for everyone else, a visitor included."""
    if not user.is_authenticated:
        raise Http404
    profile = selectors.mentor_card(mentor_pk)
    if profile is None:
        raise Http404
    if user.is_coordinator or user.pk == profile.user_id or selectors.partners(user, profile.user_id):
        return profile
    if selectors.mentee_asked_mentor(user, profile.user_id):
        return profile
    mentee = selectors.requester_profile(user)
    suggested = selectors.suggested_for(mentee) if mentee is not None and selectors.may_choose(mentee) else []
    if any(s.profile.user_id == profile.user_id for s in suggested):
        return profile
    raise Http404


def get_choice_for_mentor(user: User, pk: int) -> Choice:
    """A request as the mentor asked answers it; 404 for everyone else (the coordinator answers from their list)."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Choice.objects.select_related("request__mentee__profile__discipline", "mentor"), pk=pk, mentor=user
    )


def get_choice_for_coordinator(user: User, pk: int) -> Choice:
    if not (user.is_authenticated and user.is_coordinator):
        raise Http404
    return get_object_or_404(Choice.objects.select_related("request__mentee", "mentor"), pk=pk)


def get_request_for(user: User, pk: int) -> MentorRequest:
    """A request, for its mentee or a coordinator; 404 for everyone else."""
    if not user.is_authenticated:
        raise Http404
    requests = MentorRequest.objects.select_related("mentee")
    if not user.is_coordinator:
        requests = requests.filter(mentee=user)
    return get_object_or_404(requests, pk=pk)
