"""The dashboard's snapshot (dashboard.snapshot): kept by beat every minute and read while it is young
and began after the viewer's own last change; otherwise the figures are computed live, and a page view
never writes."""

import re
import time
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from checkins import links
from checkins.tests.factories import CheckInFactory
from dashboard import snapshot, tasks
from dashboard.models import DashboardFigures
from dashboard.tests.test_dashboard import build_program, figure
from matches.tests.factories import MatchFactory
from mentoring.celery import app
from profiles.models import Profile, Status
from profiles.tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

# The session, the user with their role, the snapshot's row, urgent concerns, failed e-mails, delayed
# e-mails, the bell's unread count. The heartbeat and the program's name are read from copies in the cache.
SNAPSHOT_QUERIES = 7
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.I)


def beat():
    """What beat runs every minute."""
    tasks.snapshot_refresh_task()


def without_csrf(body: str) -> str:
    """The page less what differs between two responses (the CSRF token, the minute of "Figures as of")."""
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)
    return re.sub(r"Figures as of [^;]*;", "", body)


def board(client) -> str:
    return client.get(reverse("dashboard:dashboard")).content.decode()


def mentors_with_places(body: str) -> str:
    found = re.search(r"(\d+) mentors? with places", body)
    assert found, "the waiting card names the mentors with places"
    return found.group(1)


def own_change(client):
    """The coordinator changes something of their own (any successful POST does); the page it leads to
    shows its message."""
    response = client.post(reverse("profiles:names"), {"name": "Casey Coordinator", "called": "Casey"}, follow=True)
    assert response.status_code == 200


def test_a_participants_answer_shows_after_the_next_refresh_and_not_before(client, coordinator):
    match = MatchFactory()
    CheckInFactory(match=match)
    answering = CheckInFactory(match=match, person=match.mentee, role="mentee")
    client.force_login(coordinator)
    board(client)
    beat()
    assert figure(board(client), "response") == "0%"

    participant = Client()
    answer = {"update": "Going well, thank you.", "continues": "yes", "concern": ""}
    assert participant.post(links.answer_url(answering), answer).status_code == 302

    assert figure(board(client), "response") == "0%"  # the young snapshot serves until the next refresh
    beat()
    assert figure(board(client), "response") == "50%"


def test_the_coordinators_own_change_shows_at_once_and_the_next_refresh_is_read_again(client, coordinator):
    pending = ProfileFactory(status=Status.PENDING)
    client.force_login(coordinator)
    board(client)
    beat()
    assert figure(board(client), "waiting") == "0"

    client.post(reverse("profiles:review_detail", args=[pending.pk]), {"status": "approved", "notes": ""})

    assert figure(board(client), "waiting") == "1"  # computed: the snapshot began before their change
    beat()
    with CaptureQueriesContext(connection) as queries:
        assert figure(board(client), "waiting") == "1"
    assert len(queries.captured_queries) == SNAPSHOT_QUERIES  # read from the snapshot again


def test_a_snapshot_older_than_the_maximum_age_is_not_used(client, coordinator):
    ProfileFactory(status=Status.PENDING)
    client.force_login(coordinator)
    board(client)
    beat()
    Profile.objects.update(status=Status.APPROVED)  # a change beat has not seen yet

    with time_machine.travel(timezone.now() + snapshot.MAX_AGE - timedelta(seconds=5)):
        assert figure(board(client), "waiting") == "0"
    # Beat refreshes every minute: a snapshot this old means beat or the workers stopped.
    with time_machine.travel(timezone.now() + snapshot.MAX_AGE + timedelta(seconds=1)):
        assert figure(board(client), "waiting") == "1"


def test_a_view_of_the_dashboard_writes_nothing_whether_computed_or_read(client, coordinator):
    ProfileFactory()
    client.force_login(coordinator)
    board(client)  # warm caches (sessions, content types)
    own_change(client)  # the session is written by that POST, not by the views below

    with CaptureQueriesContext(connection) as computed:
        assert figure(board(client), "waiting") == "1"
    assert not DashboardFigures.objects.exists()  # computed, not kept: without beat nothing keeps it
    beat()
    client.logout()
    client.force_login(coordinator)  # a new session, with no own change: the snapshot serves
    board(client)
    with CaptureQueriesContext(connection) as read:
        assert figure(board(client), "waiting") == "1"

    assert len(read.captured_queries) == SNAPSHOT_QUERIES
    for query in computed.captured_queries + read.captured_queries:
        assert not WRITES.match(query["sql"]), query["sql"]


def test_a_mentors_availability_written_in_bulk_shows_after_the_refresh_and_at_once_after_an_own_change(
    client, coordinator, mentor
):
    """``mentor_availability_set`` writes with ``QuerySet.update`` (no signal): nothing has to tell the
    dashboard, as the next refresh reads every row anyway."""
    client.force_login(coordinator)
    board(client)
    beat()
    assert mentors_with_places(board(client)) == "1"
    partner = Client()
    partner.force_login(mentor)

    partner.post(reverse("endings:availability"), {"open_to_mentees": "no"})
    assert not Profile.objects.get(user=mentor).open_to_mentees
    assert mentors_with_places(board(client)) == "1"  # until the next refresh
    beat()
    assert mentors_with_places(board(client)) == "0"

    partner.post(reverse("endings:availability"), {"open_to_mentees": "yes"})
    assert mentors_with_places(board(client)) == "0"
    own_change(client)  # anything the coordinator changes makes their next views compute live
    assert mentors_with_places(board(client)) == "1"


def test_the_page_says_when_its_figures_were_computed(client, coordinator):
    client.force_login(coordinator)
    board(client)
    beat()
    body = board(client)
    computed = timezone.localtime(DashboardFigures.objects.get().computed_at)
    assert f"Figures as of {computed:%H:%M}" in body


def test_beat_refreshes_the_snapshot_every_minute_into_one_row():
    entry = settings.CELERY_BEAT_SCHEDULE["dashboard-snapshot"]
    assert entry["task"] == tasks.snapshot_refresh_task.name
    assert entry["schedule"] <= 60
    assert entry["task"] in app.tasks
    assert timedelta(seconds=2 * entry["schedule"]) <= snapshot.MAX_AGE  # a late beat does not make pages slow

    beat()
    first = DashboardFigures.objects.get().computed_at
    beat()
    assert DashboardFigures.objects.get().computed_at > first


def test_the_dashboard_reads_the_snapshot_in_a_fixed_number_of_queries_and_computes_in_a_fixed_number(
    client, coordinator
):
    client.force_login(coordinator)
    board(client)  # warm caches (sessions, content types)
    MatchFactory(started_at=timezone.now() - timedelta(days=100))  # quiet: at risk at both sizes
    counts = {}
    for size, (matches, months) in {"small": (2, 2), "large": (12, 6)}.items():
        build_program(matches, months, seed=len(size))
        own_change(client)  # the coordinator's own: the snapshot may not serve
        with CaptureQueriesContext(connection) as computed:
            live = board(client)
        client.logout()
        client.force_login(coordinator)  # a session with no own change
        board(client)
        beat()
        with CaptureQueriesContext(connection) as read:
            kept = board(client)
        assert without_csrf(kept) == without_csrf(live)  # the same page, computed or read
        counts[size] = (len(computed.captured_queries), len(read.captured_queries))
    assert counts["small"] == counts["large"]
    assert counts["large"][1] == SNAPSHOT_QUERIES


def test_the_snapshot_does_not_need_the_cache(client, coordinator, monkeypatch):
    from django.core.cache import cache

    ProfileFactory()
    client.force_login(coordinator)
    board(client)
    beat()

    def down(*args, **kwargs):
        raise ConnectionError("the cache is down")

    for method in ("get", "get_many", "set", "add", "delete", "delete_many"):
        monkeypatch.setattr(cache, method, down)
    with CaptureQueriesContext(connection) as queries:
        assert figure(board(client), "waiting") == "1"
    assert any("dashboard_dashboardfigures" in q["sql"] for q in queries.captured_queries)


def test_only_a_coordinators_own_successful_change_is_remembered(client, coordinator, mentor):
    client.force_login(mentor)
    client.post(reverse("profiles:names"), {"name": "Zoë Fairbairn", "called": "Zoë"})
    assert snapshot.OWN_CHANGE_KEY not in client.session  # a participant's change waits for beat

    client.force_login(coordinator)
    client.post(reverse("profiles:review_detail", args=[999999]), {"status": "approved", "notes": ""})
    assert snapshot.OWN_CHANGE_KEY not in client.session  # a 404 changed nothing

    before = time.time()
    own_change(client)
    assert client.session[snapshot.OWN_CHANGE_KEY] >= before
