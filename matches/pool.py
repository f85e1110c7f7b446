"""The mentors with a free place, kept ready for scoring between requests: the suggestions page scores one
mentee against every one of them (M2). The workspace lists them, and the mentees waiting, a page at a time.

Reading them and making scoring's arrays takes about a second at 15,000 mentors, and they change far less
often than the page is opened. So each process keeps them (``mentor_pool``) under a token in the shared
cache, and every write that could change them replaces the token (``pool_changed``): a profile saved or
deleted, a mentor's expertise, a user's name or activity, a topic, a match made, changed or deleted (the
receivers below), and the services that write without signals (the bulk proposal's insert, a mentor's
availability, an erasure). The token is replaced at once and again after the commit, so that a page that
read the old rows between the two does not keep them. A cleared cache gives a new token, which no process
keeps. The few mentors a page shows are read again from the database.

``ranked`` chooses from the kept mentors as ``selectors.suggestions_for`` always did, with whole arrays:
the best scores first, equal scores by the share of free places, then by name.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save

from core import memory, tokens
from profiles.models import Profile, Topic, User

from . import scoring
from .models import Match

TOKEN_KEY = "matches:mentor-pool"


@dataclass(frozen=True)
class Pool:
    """Mentors with a free place: their rows (pk, user_id, name, capacity, taken), scoring's view of them and
    its arrays of their side, with the ids, shares of free places and order of names as arrays."""

    rows: list[dict[str, Any]]
    pks: list[int]  # the profiles' ids, in the rows' order (by name)
    mentors: list[scoring.Mentor]
    tables: scoring.Tables
    ids: np.ndarray
    free_share: np.ndarray
    name_rank: np.ndarray


_kept: tuple[str, Pool] | None = None


def _token() -> str:
    return tokens.token(TOKEN_KEY) or "uncached"


def pool_token() -> str:
    """The token every write of a match, a profile or a mentor replaces: others keep what they derive from
    matches under it (``checkins``' matches at risk). Empty when the cache does not answer."""
    token = _token()
    return "" if token == "uncached" else token


def pool_changed() -> None:
    """The kept mentors may be stale: every process reads them again (now, and after this transaction commits)."""
    tokens.replace(TOKEN_KEY)


def mentor_pool(read: Callable[[], tuple[list[dict], list[Any]]]) -> Pool:
    """The mentors with a free place (``read`` reads them: ``selectors._mentors_as_data``), kept by this process
    for as long as the token stays. The selectors hand their readers in: this module never imports them back."""
    global _kept
    token = _token()  # before reading: a write after this replaces it, and the next page reads again
    if _kept is not None and _kept[0] == token and token != "uncached":
        return _kept[1]
    pool = _build(read)
    _kept = (token, pool)
    memory.settle()  # the pool lives until the next write: out of the collector's full passes in web processes
    return pool


_kept_values: dict[str, tuple[str, Any]] = {}


def _kept_value(name: str, read: Callable[[], Any]) -> Any:
    """What ``read`` gives, kept by this process under the token as the mentors are."""
    token = _token()
    kept = _kept_values.get(name)
    if kept is not None and kept[0] == token and token != "uncached":
        return kept[1]
    value = read()
    _kept_values[name] = (token, value)
    return value


def waiting_pool(waiting: Callable[[], QuerySet]) -> list[int]:
    """The profile ids of the mentees waiting for a mentor (``waiting``: ``selectors.waiting_mentees``), in the
    workspace's order, kept as the mentors are."""
    return _kept_value(
        "waiting",
        lambda: list(waiting().select_related(None).prefetch_related(None).values_list("pk", flat=True)),
    )


def active_order(read: Callable[[], list[int]]) -> list[int]:
    """The ids of the active matches in the plans list's order (``read``: by the mentee's name), kept as the
    mentors are: a match made, changed or deleted, or a user's name changed, replaces the token."""
    return _kept_value("active-order", read)


def topic_names(read: Callable[[], dict[int, str]]) -> dict[int, str]:
    """The topics' names by id (``read``: ``selectors.topic_names``), for the reasons of the mentors a page
    shows, kept as the mentors are: a topic saved or deleted replaces the token."""
    return _kept_value("topic-names", read)


def active_count(count: Callable[[], int]) -> int:
    """How many matches are active (``count``: ``selectors.active_count``), kept as the mentors are: every match
    made, changed or deleted replaces the token (a COUNT over every active match, some 4 ms at 50,000 people)."""
    return _kept_value("active", count)


def proposed_count(count: Callable[[], int]) -> int:
    """How many matches are proposed (``count``: ``selectors.proposed_count``), kept as the active count is."""
    return _kept_value("proposed", count)


def recently_started(limit: int, read: Callable[[], list]) -> list:
    """The workspace's ``limit`` latest active matches to start, with the two names (``read``), kept as the active
    count is: a match made, changed or deleted, or a user's name changed, replaces the token."""
    return _kept_value(f"recently-started:{limit}", read)


def _build(read: Callable[[], tuple[list[dict], list[Any]]]) -> Pool:
    rows, mentors = read()
    names = [row["name"] for row in rows]
    name_rank = np.empty(len(rows), dtype=np.int64)
    name_rank[sorted(range(len(rows)), key=names.__getitem__)] = np.arange(len(rows))
    return Pool(
        rows=rows,
        pks=[row["pk"] for row in rows],
        mentors=mentors,
        tables=scoring.prepare(mentors, []),
        ids=np.array([m.id for m in mentors], dtype=np.int64),
        free_share=np.array([(m.capacity - m.active) / m.capacity for m in mentors], dtype=np.float64),
        name_rank=name_rank,
    )


@dataclass(frozen=True)
class Ranked:
    """Positions in the pool: the allowed best first, the excluded by the score they would have had, those
    never suggested again and former partners."""

    allowed: list[int]
    excluded: list[int]
    not_again: list[int]
    former: list[int]


def ranked(
    pool: Pool,
    mentee: scoring.Mentee,
    *,
    forbidden: Collection[int],
    before: Collection[int],
    limit: int,
    discipline_required: bool,
) -> Ranked:
    """The mentee's ``limit`` best allowed mentors and ``limit`` best excluded ones, in the page's order."""
    if not pool.mentors:
        return Ranked([], [], [], [])
    tables = scoring.with_mentee(pool.tables, mentee, discipline_required=discipline_required)
    if tables is None:  # the mentee names something no mentor has: both sides made afresh
        tables = scoring.prepare(pool.mentors, [mentee], discipline_required=discipline_required)
    total = scoring.score_rows(tables, 0, 1)[0].astype(np.int64)
    would_be = scoring.score_rows(tables, 0, 1, requirements=False)[0].astype(np.int64)
    considered = pool.ids != mentee.id
    never = considered & np.isin(pool.ids, np.fromiter(forbidden, dtype=np.int64))
    former = considered & ~never & np.isin(pool.ids, np.fromiter(before, dtype=np.int64))
    rest = considered & ~never & ~former
    allowed = np.flatnonzero(rest & (total != scoring.EXCLUDED))
    excluded = np.flatnonzero(rest & (total == scoring.EXCLUDED))
    best = allowed[np.lexsort((pool.name_rank[allowed], -pool.free_share[allowed], -total[allowed]))[:limit]]
    closest = excluded[np.lexsort((pool.name_rank[excluded], -would_be[excluded]))[:limit]]
    return Ranked(
        allowed=best.tolist(),
        excluded=closest.tolist(),
        not_again=np.flatnonzero(never).tolist(),
        former=np.flatnonzero(former).tolist(),
    )


# What replaces the token ------------------------------------------------------------------------------


def _changed(sender, **kwargs) -> None:
    pool_changed()


def _user_saved(sender, update_fields=None, **kwargs) -> None:
    # A login saves last_login alone: that changes no mentor.
    if update_fields is None or {"name", "is_active"} & set(update_fields):
        pool_changed()


def connect() -> None:
    for model in (Profile, Match, Topic):
        post_save.connect(_changed, sender=model, dispatch_uid=f"matches.pool.saved.{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"matches.pool.deleted.{model.__name__}")
    post_delete.connect(_changed, sender=User, dispatch_uid="matches.pool.deleted.User")
    post_save.connect(_user_saved, sender=User, dispatch_uid="matches.pool.saved.User")
    m2m_changed.connect(_changed, sender=Profile.expertise.through, dispatch_uid="matches.pool.expertise")
