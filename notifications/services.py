"""Telling people it is their turn: ``notify`` (one person) and ``notify_many`` (many at once).

How other apps use it. The app that owns an event calls, in the transaction that makes the change::

    from notifications.services import notify

    notify(
        partner,                                   # who is told
        "agreements.your_turn",                    # a kind registered in notifications/kinds.py
        text=f"{signer.name} signed the partnership agreement of your partnership with {signer.name}: your turn.",
        url=reverse("agreements:detail", args=[match.pk, kind]),   # where the bell's list leads
        key=f"agreements.your_turn:{agreement.pk}:{partner.pk}",   # what makes it at most once
        email=emails.your_turn(agreement, partner),                # the app's own e-mail, or None
    )

- The text names the partner and the partnership, so a person with several partners knows which one.
- ``key`` makes it idempotent: a retried task or a second click finds the notification written and does
  nothing, e-mail included (the e-mail's own outbox key is the second guard; one is made if it has none).
- ``email`` is the e-mail of the event, built in the calling app's ``emails.py`` with
  ``profiles.mail.program_email_for`` as every e-mail is. It is queued through the outbox, or not, as the
  person chose for the kind: at once (with the footer saying why and the one-click unsubscribe headers,
  ``links.optional``), in the daily digest (the notification's line; the e-mail is not sent), or not
  by e-mail. An essential kind's e-mail is always sent at once, unchanged.
- ``notify_many`` takes ``Notice`` rows (user ids) and writes them in bulk; their e-mails must have plain
  contexts (``email_queue_many``: rendered by the worker), unless they carry attachments.

This app imports none of the apps that call it; they import it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.bulk import insert_ignoring_conflicts
from outbox.emails import Email
from outbox.services import email_queue, email_queue_many

from . import emails, links
from .kinds import KINDS, Delivery, kind_of, optional_kinds
from .models import Notification, Preference


@dataclass(frozen=True)
class Notice:
    """One notification to write (``notify_many``)."""

    user_id: int
    kind: str
    text: str
    key: str
    url: str = ""
    email: Email | None = None


def notify(user, kind: str, *, text: str, url: str = "", key: str, email: Email | None = None) -> Notification | None:
    """Tell ``user`` of an event of ``kind``: a notification for the bell, and ``email`` as they chose.

    Returns the notification, or None when one with this ``key`` was already written (nothing is done again).
    """
    written = notify_many([Notice(user_id=user.pk, kind=kind, text=text, url=url, key=key, email=email)], bulk=False)
    return written[0] if written else None


@transaction.atomic
def notify_many(notices: Sequence[Notice], *, bulk: bool = True) -> list[Notification]:
    """Write ``notices`` at once (those whose person and key are known are skipped) and queue their e-mails.

    Queries: one for what exists, one for the people's preferences, the insert, and the outbox's.
    With ``bulk`` the e-mails go through ``email_queue_many`` (plain contexts; rendered by the workers),
    except those with attachments. Returns the notifications written by this call.
    """
    for notice in notices:
        kind_of(notice.kind)  # an unregistered kind is a bug: fail before writing anything
    if not notices:
        return []
    known = _known({(n.user_id, n.key) for n in notices})
    fresh: dict[tuple[int, str], Notice] = {}
    for notice in notices:
        if (notice.user_id, notice.key) not in known:
            fresh.setdefault((notice.user_id, notice.key), notice)
    if not fresh:
        return []
    chosen = _deliveries({n.user_id for n in fresh.values()}, {n.kind for n in fresh.values()})
    now = timezone.now()
    rows, outgoing = [], []
    for notice in fresh.values():
        kind = KINDS[notice.kind]
        delivery = Delivery.AT_ONCE if kind.essential else chosen.get((notice.user_id, notice.kind), kind.default)
        rows.append(
            Notification(
                user_id=notice.user_id,
                kind=notice.kind,
                text=notice.text[:300],
                url=notice.url,
                key=notice.key,
                created_at=now,
                in_digest=delivery == Delivery.DIGEST,
            )
        )
        if notice.email is not None and delivery == Delivery.AT_ONCE:
            email = notice.email
            if email.key is None:
                email = dataclasses.replace(email, key=f"notifications:{notice.user_id}:{notice.key}")
            outgoing.append(email if kind.essential else links.optional(email, user_id=notice.user_id, kind=kind))
    insert_ignoring_conflicts(Notification, rows)
    plain = []
    for email in outgoing:
        if bulk and not (email.attachments or email.rendered):
            plain.append(email)
        else:
            email_queue(email)
    if plain:
        email_queue_many(plain)
    return rows


def _known(pairs: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """Which of ``pairs`` (person, key) are written: read through the (person, key) unique index, by person and
    key together (by key alone PostgreSQL read the whole table: 7 ms at 40,000 notifications, on every action)."""
    ordered = sorted(pairs)
    found: set[tuple[int, str]] = set()
    for start in range(0, len(ordered), 2000):
        chunk = ordered[start : start + 2000]
        rows = Notification.objects.filter(
            user_id__in={user_id for user_id, _ in chunk}, key__in={key for _, key in chunk}
        ).order_by()
        found |= set(rows.values_list("user_id", "key"))
    return found & pairs


def _deliveries(user_ids: Iterable[int], kinds: Iterable[str]) -> dict[tuple[int, str], str]:
    user_ids = sorted(user_ids)
    chosen: dict[tuple[int, str], str] = {}
    for start in range(0, len(user_ids), 2000):
        rows = Preference.objects.filter(user_id__in=user_ids[start : start + 2000], kind__in=list(kinds))
        chosen |= {
            (user_id, kind): delivery for user_id, kind, delivery in rows.values_list("user_id", "kind", "delivery")
        }
    return chosen


def notification_read(*, user, notification_id: int) -> Notification:
    """Mark one of ``user``'s notifications read (``Notification.DoesNotExist`` for anyone else's); returns it."""
    notification = Notification.objects.get(pk=notification_id, user=user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notifications_read_all(*, user) -> int:
    """Mark all of ``user``'s notifications read; how many were unread."""
    return Notification.objects.filter(user=user).unread().update(read_at=timezone.now())


def preferences_set(*, user_id: int, deliveries: Mapping[str, str]) -> None:
    """Keep how a person wants to hear of each optional kind (``{kind: Delivery}``); essential kinds and
    unknown names are refused with ``ValueError``. Writing the same twice changes nothing."""
    for name, delivery in deliveries.items():
        if kind_of(name).essential:
            raise ValueError(f"{name} is always sent")
        if delivery not in Delivery.values:
            raise ValueError(f"no delivery {delivery!r}")
    for name, delivery in deliveries.items():
        Preference.objects.update_or_create(user_id=user_id, kind=name, defaults={"delivery": delivery})


def unsubscribe(*, user_id: int, kind: str) -> list[str]:
    """Turn off e-mail for ``kind`` (what a one-click unsubscribe asks), or, for "" (the digest's link), every
    kind the person gets in the digest. Returns the labels turned off; doing it again changes nothing."""
    if not get_user_model().objects.filter(pk=user_id).exists():
        return []  # the account is gone, and its preferences with it
    if kind:
        found = kind_of(kind)
        if found.essential:
            return []
        preferences_set(user_id=user_id, deliveries={kind: Delivery.OFF})
        return [found.label]
    chosen = dict(Preference.objects.filter(user_id=user_id).values_list("kind", "delivery"))
    digested = [k for k in optional_kinds() if chosen.get(k.name, k.default) == Delivery.DIGEST]
    preferences_set(user_id=user_id, deliveries={k.name: Delivery.OFF for k in digested})
    return [k.label for k in digested]


def digests_send(*, program: Mapping[str, str], reply_to: Sequence[str] = (), now: datetime | None = None) -> int:
    """Send each person with something waiting their daily digest; returns how many digests were written.

    Exactly once per person and day: each person's rows are taken under a row lock, the e-mail is written
    with the key of the person and day (``emails.digest_key``) in the same transaction, and the rows are
    marked sent only if it was written. A second run the same day finds nothing waiting, or (for what
    came since) a key already written, and leaves those rows for tomorrow's digest. A worker that dies
    mid-way rolls back that person's transaction, and the next run does it.
    """
    now = now or timezone.now()
    day = timezone.localdate(now)
    waiting = (
        Notification.objects.digest_pending()
        .filter(created_at__lte=now)
        .order_by()
        .values_list("user_id", flat=True)
        .distinct()
    )
    return sum(_digest_send(user_id, day=day, now=now, program=program, reply_to=reply_to) for user_id in list(waiting))


@transaction.atomic
def _digest_send(user_id: int, *, day, now: datetime, program: Mapping[str, str], reply_to: Sequence[str]) -> bool:
    rows = list(
        Notification.objects.digest_pending()
        .filter(user_id=user_id, created_at__lte=now)
        .select_related("user")
        .select_for_update(of=("self",))
        .order_by("created_at", "pk")
    )
    if not rows:
        return False
    user = rows[0].user
    written = 0
    if user.is_active and user.email:
        email = emails.digest(
            user_id=user_id,
            to=user.email,
            name=user.get_short_name(),
            items=rows,
            day=day,
            program=program,
            reply_to=reply_to,
        )
        written = email_queue_many([email])
        if not written:
            return False  # today's digest is already written: these wait for tomorrow's
    Notification.objects.filter(pk__in=[row.pk for row in rows]).update(digest_sent_at=now)
    return bool(written)
