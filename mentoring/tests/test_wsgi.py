"""The web server's entry point: what gunicorn's workers load."""

import os
import subprocess
import sys

from django.conf import settings

PROBE = """
import gc
import mentoring.wsgi
from core import memory
from django.core.signals import request_finished, request_started
frozen = gc.get_freeze_count()
kept = [[n] for n in range(5000)]  # what a first request imports and caches
request_finished.send(sender=None)
request_started.send(sender=None)  # the next request: what the first left alive is frozen before it
print(frozen, memory.enabled(), gc.get_freeze_count() - frozen)
"""


def test_the_web_process_keeps_its_loaded_app_out_of_full_garbage_collections():
    # A web worker holds Django and the matching pool for its whole life: the collector's full passes walking
    # them made one request in twenty 66-208 ms slower at 50,000 people (see core.memory).
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mentoring.settings"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert int(out[0]) > 10_000, "mentoring.wsgi froze fewer objects than Django alone makes"
    assert out[1] == "True"
    assert int(out[2]) >= 5000, "what the first request left alive was not frozen after it"


def test_a_process_that_did_not_opt_in_never_freezes():
    import gc

    from core import memory

    before = gc.get_freeze_count()
    memory.settle()
    assert gc.get_freeze_count() == before
    assert not memory.enabled()
