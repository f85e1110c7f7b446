"""Every kind of notification, in one place: what the preferences page calls it and how it is sent by default.

A kind is named ``<app>.<event>``. Apps of any floor notify under these names (``notifications.services.notify``);
this module knows their names and wording, never their code. An *essential* kind is what the program
needs (an agreement's PDF, a check-in, the introduction): its e-mail is always sent at once, and the
preferences page says so. Every other kind is sent at once, in the daily digest or not by e-mail
(``Delivery``), as each person chooses; the default is the kind's.

To add a kind: add a ``Kind`` to ``KINDS`` below (the preferences page and the unsubscribe link
follow), then call ``notify`` with its name.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Delivery(models.TextChoices):
    """How a person hears of one kind of notification by e-mail (the bell shows every one)."""

    AT_ONCE = "now", "At once"
    DIGEST = "digest", "In a daily digest"
    OFF = "off", "Not by e-mail"


@dataclass(frozen=True)
class Kind:
    name: str
    label: str  # on the preferences page and in the footer of its e-mails: "… because <label>"
    default: Delivery = Delivery.AT_ONCE
    essential: bool = False  # always e-mailed at once; not on the preferences' choices
    audience: tuple[str, ...] = ("mentor", "mentee")  # who may get it: the preferences page shows theirs only

    def reaches(self, role: str) -> bool:
        """Whether a person of ``role`` may get it ("" when the role is not known: every kind)."""
        return not role or role in self.audience


_KINDS = (
    # agreements
    Kind("agreements.your_turn", "your partner signed an agreement and it is your turn to sign"),
    Kind("agreements.signed", "an agreement was signed by both of you (its PDF)", essential=True),
    # plans
    Kind("plans.shared", "your mentee shared a new version of the action plan", audience=("mentor",)),
    Kind("plans.comment", "someone commented on or replied about the action plan"),
    # support
    Kind("support.concern", "a concern you reported was read or resolved"),
    # profiles
    Kind("profiles.decided", "your application was decided", essential=True),
    # matches
    Kind("matches.introduction", "you were introduced to your partner", essential=True),
    # checkins
    Kind("checkins.opened", "your monthly check-in is open", essential=True),
    # meetings (K1)
    Kind("meetings.proposed", "your partner proposed a meeting"),
    Kind("meetings.answered", "your partner answered a meeting you proposed"),
    Kind("meetings.changed", "a meeting was moved or changed"),
    Kind("meetings.cancelled", "a meeting was cancelled"),
    Kind("meetings.reminder", "a meeting you planned is coming up"),
    Kind("meetings.ask", "a planned meeting has passed and we ask whether you met"),
    # requests (M8)
    Kind("requests.received", "a mentee asked you to be their mentor", audience=("mentor",)),
    Kind("requests.answered", "a mentor answered your request", essential=True, audience=("mentee",)),
    Kind("requests.withdrawn", "a request you were asked to answer was withdrawn", audience=("mentor",)),
)

KINDS: dict[str, Kind] = {kind.name: kind for kind in _KINDS}


def kind_of(name: str) -> Kind:
    """The registered kind called ``name``; a ``ValueError`` for a name nobody registered (a typo fails loudly)."""
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"no notification kind {name!r}: register it in notifications/kinds.py") from None


def optional_kinds(role: str = "") -> list[Kind]:
    """The kinds a person (of ``role``, when given) chooses for, in the preferences page's order."""
    return [kind for kind in _KINDS if not kind.essential and kind.reaches(role)]
