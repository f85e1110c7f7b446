"""Who may do what with a plan. Every plan view goes through ``get_plan_for``; everyone else gets 404.

- the mentee: everything (only the mentee edits);
- the mentor of the mentee's *active* match: reads, comments, downloads the PDF
  (a former mentor has no access once the match closes);
- a coordinator: the progress figures; the text, versions and PDF only when the
  mentee shares the plan, and never the comments (the mentor's words are the
  mentor's, whatever the mentee shares);
- anyone else: 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from django.http import Http404

from matches.models import Match
from profiles.models import Role, Status

from .models import Plan


class Need(Enum):
    FIGURES = "figures"  # the plan page, with progress figures at least
    READ = "read"  # the text: the page in full, versions, diffs, the PDF
    COMMENT = "comment"  # read and write the comments: the pair only
    EDIT = "edit"  # change the plan or its progress


MENTEE, MENTOR, COORDINATOR = "mentee", "mentor", "coordinator"


@dataclass(frozen=True)
class PlanAccess:
    plan: Plan
    role: str
    match: Match | None  # the mentee's active match, if any

    @property
    def first_version(self) -> int:
        """The first version this reader sees: all of them for the mentee (her earlier versions stay hers),
        this partnership's for everyone else."""
        return 1 if self.role == MENTEE else self.plan.first_version

    @property
    def can_read(self) -> bool:
        return self.role in (MENTEE, MENTOR) or self.plan.shared_with_coordinator

    @property
    def can_comment(self) -> bool:
        return self.role in (MENTEE, MENTOR)

    @property
    def can_start_thread(self) -> bool:
        """The mentor comments; the mentee answers in the thread."""
        return self.role == MENTOR

    @property
    def can_edit(self) -> bool:
        return self.role == MENTEE

    def allows(self, need: Need) -> bool:
        return {Need.FIGURES: True, Need.READ: self.can_read, Need.COMMENT: self.can_comment, Need.EDIT: self.can_edit}[
            need
        ]


def get_plan_for(user, pk, need: Need = Need.FIGURES) -> PlanAccess:
    """Plan ``pk`` as ``user`` may use it for ``need``; 404 for anyone else."""
    if not user.is_authenticated:
        raise Http404
    plan = Plan.objects.select_related("mentee").filter(pk=pk).first()
    if plan is None:
        raise Http404
    match = Match.objects.active().filter(mentee_id=plan.mentee_id).select_related("mentor", "mentee").first()
    if user.pk == plan.mentee_id:
        role = MENTEE
    elif match is not None and user.pk == match.mentor_id and plan.match_id in (None, match.pk):
        role = MENTOR  # not while the plan is still an earlier partnership's: the mentee has not chosen yet
    elif user.is_coordinator:
        role = COORDINATOR
    else:
        raise Http404
    access = PlanAccess(plan=plan, role=role, match=match)
    if not access.allows(need):
        raise Http404
    return access


def own_plan_mentee(user):
    """``user`` when they are an approved mentee (who has, or may start, a plan of their own); 404 otherwise."""
    profile = user.profile_or_none if user.is_authenticated else None
    if profile is None or profile.role != Role.MENTEE or profile.status != Status.APPROVED:
        raise Http404
    return user
