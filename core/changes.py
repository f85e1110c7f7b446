"""One signal for "the program's figures changed", sent by services that change rows in bulk.

Row-by-row saves are noticed by the figures' owner itself (``dashboard/apps.py`` listens to
``post_save``/``post_delete``); ``QuerySet.update`` and ``bulk_create`` send no signal, so the
services that use them call ``program_changed()``. Apps below the dashboard cannot import it:
this signal is how they tell it without knowing it.
"""

from django.dispatch import Signal

figures_changed = Signal()


def program_changed() -> None:
    figures_changed.send(sender=None)
