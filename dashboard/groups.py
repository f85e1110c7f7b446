"""The groups a coordinator writes to (N2): who is in each, read from the owner apps' selectors.

A group is a name and, for some, a filter (a role and status; the participants or matches list's
filter, as its query string gives it). ``recipients`` answers the people, by name: only active accounts
(a person who left the program, whose account is closed, is never written to), each once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import QueryDict

from agreements.selectors import unsigned_matches
from checkins import selectors as checkins
from core.ids import id_or_none
from matches.models import CloseReason, Match, MatchStatus
from matches.selectors import waiting_mentees
from profiles.models import MenteeCategory, Profile, Role, Status, User

from . import selectors

GROUPS = {
    "mentors": "All mentors",
    "mentees": "All mentees",
    "everyone": "All mentors and mentees",
    "active": "Both partners of every active partnership",
    "active_mentors": "Mentors in an active partnership",
    "active_mentees": "Mentees in an active partnership",
    "waiting": "Approved mentees to match (no mentor yet)",
    "unsigned": "Partners whose agreements are not all signed",
    "role_status": "A role and a status",
    "participants": "The participants list, as filtered",
    "matches": "The matches list, as filtered (both partners)",
}


@dataclass(frozen=True)
class Group:
    name: str
    params: Mapping[str, str]

    @property
    def label(self) -> str:
        """Who it goes to, in words (kept with the message)."""
        base = GROUPS[self.name]
        if self.name == "role_status":
            role = dict(Role.choices).get(self.params.get("role", ""), "everyone")
            status = dict(Status.choices).get(self.params.get("status", ""), "any status")
            return f"{role}s: {status.lower()}" if role != "everyone" else f"Everyone: {status.lower()}"
        if self.name in ("participants", "matches"):
            shown = ", ".join(f"{k} {v}" for k, v in sorted(self.params.items()) if v and k != "page")
            return f"{base}: {shown}" if shown else f"{base} (no filter)"
        return base


def group_from(name: str, query: str = "", *, role: str = "", status: str = "") -> Group | None:
    """The group ``name`` with its filter (a list's query string, or a role and status); None if unknown."""
    if name not in GROUPS:
        return None
    if name == "role_status":
        return Group(
            name, {"role": role if role in Role.values else "", "status": status if status in Status.values else ""}
        )
    if name in ("participants", "matches"):
        fields = PARTICIPANT_FIELDS if name == "participants" else MATCH_FIELDS
        given = QueryDict(query or "")
        return Group(name, {key: given.get(key, "")[:40] for key in fields if given.get(key)})
    return Group(name, {})


PARTICIPANT_FIELDS = ("role", "status", "category", "discipline", "at_risk")
MATCH_FIELDS = ("status", "reason", "discipline", "at_risk", "unsigned", "recent")


def _choice(value: str, allowed) -> str:
    return value if value in allowed else ""


def recipients(group: Group) -> QuerySet[User]:
    """The people of ``group``: active accounts, each once, by name."""
    approved = Profile.objects.approved()
    p = group.params
    if group.name == "mentors":
        ids = approved.mentors().values("user_id")
    elif group.name == "mentees":
        ids = approved.mentees().values("user_id")
    elif group.name == "everyone":
        ids = approved.values("user_id")
    elif group.name in ("active", "active_mentors", "active_mentees", "unsigned"):
        matches = unsigned_matches() if group.name == "unsigned" else Match.objects.active()
        mentors = Q(pk__in=matches.values("mentor_id"))
        mentees = Q(pk__in=matches.values("mentee_id"))
        where = {"active_mentors": mentors, "active_mentees": mentees}.get(group.name, mentors | mentees)
        return _people(User.objects.filter(where))
    elif group.name == "waiting":
        ids = waiting_mentees().values("user_id")
    elif group.name == "role_status":
        profiles = Profile.objects.all()
        if p.get("role"):
            profiles = profiles.filter(role=p["role"])
        if p.get("status"):
            profiles = profiles.filter(status=p["status"])
        ids = profiles.values("user_id")
    elif group.name == "participants":
        ids = selectors.participants_found(
            role=_choice(p.get("role", ""), Role.values),
            status=_choice(p.get("status", ""), Status.values),
            category=_choice(p.get("category", ""), MenteeCategory.values),
            discipline_id=id_or_none(p.get("discipline", "")),
            at_risk=p.get("at_risk") == "1",
        ).values("user_id")
    elif group.name == "matches":
        found = selectors.matches_found(
            status=_choice(p.get("status", ""), MatchStatus.values),
            reason=_choice(p.get("reason", ""), CloseReason.values),
            discipline_id=id_or_none(p.get("discipline", "")),
            at_risk=checkins.at_risk_found() if p.get("at_risk") == "1" else None,
            unsigned=p.get("unsigned") == "1",
            recent=p.get("recent") == "1",
        )
        return _people(User.objects.filter(Q(pk__in=found.values("mentor_id")) | Q(pk__in=found.values("mentee_id"))))
    else:
        return User.objects.none()
    return _people(User.objects.filter(pk__in=ids))


def _people(users: QuerySet[User]) -> QuerySet[User]:
    return users.filter(is_active=True).exclude(email="").order_by("name", "pk")
