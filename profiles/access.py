"""Who may see what. Anything private answers 404 to everyone else."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Invitation, Profile


def coordinator_required(view):
    """Log in first; then coordinators only, and 404 for everyone else."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_coordinator:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def get_profile_for_review(user, pk) -> Profile:
    """An application as the coordinator reviews it; 404 for anyone else."""
    if not (user.is_authenticated and user.is_coordinator):
        raise Http404
    return get_object_or_404(Profile.objects.select_related("user", "discipline", "reviewed_by"), pk=pk)


def get_invitation_for(user, pk) -> Invitation:
    """An invitation as the coordinator manages it; 404 for anyone else."""
    if not (user.is_authenticated and user.is_coordinator):
        raise Http404
    return get_object_or_404(Invitation, pk=pk)
