"""Long-lived objects kept out of the garbage collector's full passes, in the web server's processes.

A web process holds a few hundred thousand objects that live as long as it does: Django's modules, URL
resolvers and templates, and the matching pool each process keeps (``matches.pool``, some tens of thousands of
mentors' rows at 50,000 people). Python's collector walks every one of them at each full (oldest generation)
pass, which came every few dozen requests and took 66–208 ms at 50,000 people: the slow request in twenty that
put a page's p95 over target. ``gc.freeze()`` moves what is alive now to a generation the collector never
walks; those objects are still freed by reference counting when dropped, and full passes then take a few ms.

Only a process that opts in freezes: ``mentoring.wsgi`` (gunicorn's workers, after loading the app) and the
page bench, which stands in for them. A test process or a worker never does. It freezes again after its 1st,
4th, 16th, ... 16,384th request (the modules imported, templates compiled and routes cached by its first
requests of each page live as long: some 80,000 objects after one page, whose walk still took 47 ms a full
pass), and after a large rebuild (``settle()``: the matching pool after a write replaced its token).

Those later freezes wait for the start of the next request: by then the request that asked for one is over,
and the collection that comes first frees its objects, so nothing of a request is frozen (a frozen object in
a reference cycle would never be freed).
"""

from __future__ import annotations

import gc

from django.core.signals import request_finished, request_started

SETTLE_AFTER = frozenset(4**n for n in range(8))  # requests served: 1, 4, 16, ... 16,384

_enabled = False
_due = False  # a freeze waits for the next request to start
_served = 0


def keep_long_lived() -> None:
    """This process serves pages for its whole life: freeze what is alive now, again after its first requests,
    and after each ``settle()``."""
    global _enabled
    _enabled = True
    request_finished.connect(_request_served, dispatch_uid="core.memory.served")
    request_started.connect(_request_starts, dispatch_uid="core.memory.starts")
    _freeze()


def settle() -> None:
    """A large set of long-lived objects was just made: freeze what survives, before the next request (only in
    a process that called ``keep_long_lived``)."""
    global _due
    _due = _enabled


def enabled() -> bool:
    return _enabled


def _request_served(**kwargs) -> None:
    global _served
    _served += 1
    if _served in SETTLE_AFTER:
        settle()


def _request_starts(**kwargs) -> None:
    if _due:
        _freeze()


def _freeze() -> None:
    global _due
    _due = False
    gc.collect()
    gc.freeze()
