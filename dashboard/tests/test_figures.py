"""The dashboard's snapshot (dashboard.figures): read when current, recomputed after a change, when
missing or when too old, refreshed by the worker and by beat."""

import re
import time
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboard import figures, tasks
from dashboard.models import DashboardFigures
from dashboard.tests.test_dashboard import build_program, figure
from matches.tests.factories import MatchFactory
from mentoring.celery import app
from profiles.models import Profile, Status
from profiles.services import coordinator_create, profile_review
from profiles.tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

# The session, the user with their role, urgent concerns, failed e-mails, delayed e-mails. The snapshot, the
# heartbeat and the program's name are read from the cache.
SNAPSHOT_QUERIES = 5


def without_csrf(body: str) -> str:
    """The page less what differs between two responses (the CSRF token, the minute of "Figures as of")."""
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)
    return re.sub(r"Figures as of [^;]*;", "", body)


def own_change(client):
    """What OwnChangesMiddleware writes after a coordinator's POST."""
    session = client.session
    session[figures.OWN_CHANGE_KEY] = time.time()
    session.save()


def board(client) -> str:
    return client.get(reverse("dashboard:dashboard")).content.decode()


def test_the_coordinators_own_change_shows_on_their_next_view(client, coordinator):
    pending = ProfileFactory(status=Status.PENDING)
    client.force_login(coordinator)
    board(client)
    figures.figures_refresh()
    assert figure(board(client), "waiting") == "0"  # from the snapshot

    client.post(reverse("profiles:review_detail", args=[pending.pk]), {"status": "approved", "notes": ""})

    assert figure(board(client), "waiting") == "1"  # computed: the snapshot began before their change
    assert not figures.is_current(DashboardFigures.objects.get(), figures.current_token())


def test_someone_elses_change_shows_once_the_worker_refreshes_or_after_the_lag(client, coordinator):
    """A participant's answer, another coordinator's approval: a snapshot that is out of date by them
    serves for LAG at most (the worker refreshes two seconds after the commit)."""
    pending = ProfileFactory(status=Status.PENDING)
    client.force_login(coordinator)
    board(client)
    figures.figures_refresh()

    other, _ = coordinator_create(email="robin@example.org", name="Robin Other")
    profile_review(profile=pending, status=Status.APPROVED, notes="", reviewer=other)

    assert figure(board(client), "waiting") == "0"  # the young snapshot still serves
    with time_machine.travel(timezone.now() + figures.LAG + timedelta(seconds=1)):
        assert figure(board(client), "waiting") == "1"  # too old to serve out of date: computed
    figures.figures_refresh()  # what the worker does
    assert figure(board(client), "waiting") == "1"


def test_a_committed_burst_of_changes_queues_one_refresh_that_the_worker_runs(
    client, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setitem(app.conf, "CELERY_TASK_ALWAYS_EAGER", False)  # a worker runs the tasks (tests/harness.py)
    monkeypatch.setattr(tasks.figures_refresh_task, "apply_async", lambda **kw: queued.append(kw))
    client.force_login(coordinator)
    board(client)
    tasks.figures_refresh_task()
    with django_capture_on_commit_callbacks(execute=True):
        ProfileFactory()
        ProfileFactory()
    assert len(queued) == 1
    assert queued[0]["countdown"] == figures.REFRESH_DELAY
    assert not figures.is_current(DashboardFigures.objects.get(), figures.current_token())

    tasks.figures_refresh_task()  # what the worker runs

    assert figures.is_current(DashboardFigures.objects.get(), figures.current_token())
    with CaptureQueriesContext(connection) as queries:
        body = board(client)
    assert len(queries.captured_queries) == SNAPSHOT_QUERIES  # read, not computed
    assert figure(body, "waiting") == "2"
    with django_capture_on_commit_callbacks(execute=True):
        ProfileFactory()
    assert len(queued) == 2  # the refresh ran: the next change queues another


def test_a_snapshot_older_than_the_bound_is_recomputed(client, coordinator):
    ProfileFactory(status=Status.PENDING)
    client.force_login(coordinator)
    board(client)
    figures.figures_refresh()
    # A change no signal announces (a bulk update): the snapshot does not know of it...
    Profile.objects.update(status=Status.APPROVED)
    assert figure(board(client), "waiting") == "0"
    # ...until it is older than the bound (beat refreshes it every minute; this is for a stopped beat).
    with time_machine.travel(timezone.now() + figures.MAX_AGE + timedelta(seconds=1)):
        assert figure(board(client), "waiting") == "1"


def test_the_snapshot_is_read_from_its_copy_in_the_cache_and_from_the_row_when_the_copy_is_gone(client, coordinator):
    from django.core.cache import cache

    ProfileFactory()
    client.force_login(coordinator)
    board(client)
    figures.figures_refresh()
    with CaptureQueriesContext(connection) as queries:
        kept = board(client)
    assert not any("dashboard_dashboardfigures" in q["sql"] for q in queries.captured_queries)

    cache.delete(figures.SNAPSHOT_KEY)  # evicted, or expired
    with CaptureQueriesContext(connection) as queries:
        from_row = board(client)
    assert any("dashboard_dashboardfigures" in q["sql"] for q in queries.captured_queries)
    assert without_csrf(from_row) == without_csrf(kept)
    assert figure(kept, "waiting") == "1"


def test_a_missing_snapshot_or_a_lost_change_token_is_recomputed(client, coordinator):
    from django.core.cache import cache

    client.force_login(coordinator)
    ProfileFactory()
    assert figure(board(client), "waiting") == "1"
    assert not DashboardFigures.objects.exists()  # computed, not kept: a page view never writes
    figures.figures_refresh()

    ProfileFactory()
    DashboardFigures.objects.update(token=figures.current_token())  # as if no change had been seen...
    cache.clear()  # ...but the cache (and its token) was lost: the snapshot is out of date as far as we know
    with time_machine.travel(timezone.now() + figures.LAG + timedelta(seconds=1)):
        assert figure(board(client), "waiting") == "2"


def test_the_page_says_when_its_figures_were_computed(client, coordinator):
    client.force_login(coordinator)
    board(client)
    figures.figures_refresh()
    body = board(client)
    computed = timezone.localtime(DashboardFigures.objects.get().computed_at)
    assert f"Figures as of {computed:%H:%M}" in body


def test_beat_refreshes_the_figures_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["dashboard-figures"]
    assert entry["task"] == tasks.figures_refresh_task.name
    assert entry["schedule"] <= 60
    assert entry["task"] in app.tasks


def test_the_dashboard_reads_the_snapshot_in_a_fixed_number_of_queries_and_computes_in_a_fixed_number(
    client, coordinator
):
    client.force_login(coordinator)
    board(client)  # warm caches (sessions, content types, the program's settings row)
    figures.figures_refresh()  # a snapshot (out of date at each size below) is there, as in a running program
    MatchFactory(started_at=timezone.now() - timedelta(days=100))  # quiet: at risk at both sizes
    counts = {}
    for size, (matches, months) in {"small": (2, 2), "large": (12, 6)}.items():
        build_program(matches, months, seed=len(size))
        figures.figures_changed()
        own_change(client)  # the coordinator's own: the snapshot may not serve
        with CaptureQueriesContext(connection) as computed:
            live = board(client)
        figures.figures_refresh()
        with CaptureQueriesContext(connection) as read:
            kept = board(client)
        assert without_csrf(kept) == without_csrf(live)  # the same page, computed or read
        counts[size] = (len(computed.captured_queries), len(read.captured_queries))
    assert counts["small"] == counts["large"]
    assert counts["large"][1] == SNAPSHOT_QUERIES


def test_with_the_cache_down_changes_still_save_and_the_dashboard_computes_live(client, coordinator, monkeypatch):
    from django.core.cache import cache

    client.force_login(coordinator)
    board(client)
    figures.figures_refresh()

    def down(*args, **kwargs):
        raise ConnectionError("the cache is down")

    for method in ("get", "get_many", "set", "add", "delete", "delete_many"):
        monkeypatch.setattr(cache, method, down)
    pending = ProfileFactory(status=Status.PENDING)  # the save is not refused
    assert not figures.is_current(DashboardFigures.objects.get(), figures.current_token())

    client.post(reverse("profiles:review_detail", args=[pending.pk]), {"status": "approved", "notes": ""})
    assert figure(board(client), "waiting") == "1"  # the coordinator's own change, counted at once
    with time_machine.travel(timezone.now() + figures.LAG + timedelta(seconds=1)):
        ProfileFactory()  # someone else's: without the cache no token tells of it, so after LAG...
        assert figure(board(client), "waiting") == "2"  # ...the page computes live


def test_only_a_coordinators_own_successful_change_is_remembered(client, coordinator, mentor):
    client.force_login(mentor)
    client.post(reverse("profiles:names"), {"name": "Zoë Fairbairn", "called": "Zoë"})
    assert figures.OWN_CHANGE_KEY not in client.session  # a participant's change waits for the worker

    client.force_login(coordinator)
    client.post(reverse("profiles:review_detail", args=[999999]), {"status": "approved", "notes": ""})
    assert figures.OWN_CHANGE_KEY not in client.session  # a 404 changed nothing

    before = time.time()
    client.post(reverse("profiles:names"), {"name": "Casey Coordinator", "called": "Casey"})
    assert client.session[figures.OWN_CHANGE_KEY] >= before
