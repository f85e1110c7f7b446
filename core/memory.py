"""Long-lived objects kept out of the garbage collector's full passes, in the web server's processes.

A web process holds a few hundred thousand objects that live as long as it does: Django's modules, URL
resolvers and templates, and the matching pool each process keeps (``matches.pool``, some tens of thousands of
mentors' rows at 50,000 people). Python's collector walks every one of them at each full (oldest generation)
pass, which came every few dozen requests and took 66–208 ms at 50,000 people: the slow request in twenty that
put a page's p95 over target. ``gc.freeze()`` moves what is alive now to a generation the collector never
walks; those objects are still freed by reference counting when dropped, and full passes then take a few ms.

Only a process that opts in freezes: ``mentoring.wsgi`` (gunicorn's workers, after loading the app) and the
page bench, which stands in for them. A test process or a worker never does. After that, ``settle()`` freezes
again what a large rebuild made (the matching pool after a write replaced its token).
"""

from __future__ import annotations

import gc

_enabled = False


def keep_long_lived() -> None:
    """This process serves pages for its whole life: freeze what is alive now, and again at each ``settle()``."""
    global _enabled
    _enabled = True
    settle()


def settle() -> None:
    """A large set of long-lived objects was just made: collect, then freeze what survives (only in a process
    that called ``keep_long_lived``)."""
    if _enabled:
        gc.collect()
        gc.freeze()


def enabled() -> bool:
    return _enabled
