"""Every URL, as every kind of person, with other people's ids: what is not theirs is not found.

One table (tests/access_table.py) says who may use each URL pattern; this test walks the project's
URL resolver, so a new URL that has not joined the table fails here by its name. Each URL is
opened (GET) and, when it changes state, posted to (POST) by everyone; those not allowed get 404
(a visitor: 404 or the login page), and their POSTs change nothing in the database.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import serializers
from django.test import Client

from profiles.models import User
from tests.access_table import PEOPLE, TABLE, VISITOR, world
from tests.urlpatterns import fill, project_patterns

pytestmark = pytest.mark.django_db

SKIPPED_MODELS = {Session}  # logging each person in writes sessions; nothing else may change


def database() -> str:
    """Every row of every model, as text."""
    models = [m for m in apps.get_models() if m not in SKIPPED_MODELS and not m._meta.proxy]
    return "\n".join(serializers.serialize("json", m._default_manager.order_by("pk")) for m in models)


def refused(response, who: str) -> bool:
    if response.status_code == 404:
        return True
    # A visitor is sent to log in; a view for POST only may answer 405 before asking who is there.
    return (who == VISITOR and response.status_code == 302 and "/accounts/login/" in response["Location"]) or (
        response.status_code == 405
    )


@pytest.fixture
def demo(demo_program):
    return world()


def test_every_url_is_in_the_access_table(demo):
    missing = sorted({p.name for p in project_patterns()} - set(TABLE))
    stale = sorted(set(TABLE) - {p.name for p in project_patterns()})

    assert missing == [], f"URL patterns missing from tests/access_table.py: {missing}"
    assert stale == [], f"tests/access_table.py names URL patterns that no longer exist: {stale}"


def test_every_url_answers_every_person_as_the_table_says(demo):
    clients = {}
    for who, email in PEOPLE.items():
        clients[who] = Client()
        if email:
            clients[who].force_login(User.objects.get(email=email))
    wrong, posts = [], []
    for pattern in project_patterns():
        rule = TABLE[pattern.name]
        path = fill(pattern.route, {name: demo.get(value, value) for name, value in rule.args.items()})
        for who, client in clients.items():
            if rule.get:
                response = client.get(path)
                if response.status_code >= 500:
                    wrong.append(f"GET {path} as {who}: {response.status_code}")
                elif rule.public:
                    pass
                elif who in rule.allowed and refused(response, who):
                    wrong.append(
                        f"GET {path} ({pattern.name}) as {who}: refused ({response.status_code}), table allows"
                    )
                elif who not in rule.allowed and not refused(response, who):
                    wrong.append(f"GET {path} ({pattern.name}) as {who}: {response.status_code}, should be refused")
            if rule.post and who not in rule.allowed:
                posts.append((path, pattern.name, who))
    before = database()
    for path, name, who in posts:
        response = clients[who].post(path, {"confirmed": "on", "typed_name": "x", "body": "x", "status": "done"})
        if not refused(response, who):
            wrong.append(f"POST {path} ({name}) as {who}: {response.status_code}, should be refused")
    assert database() == before, "a refused POST changed the database"
    assert wrong == [], "\n".join(wrong)
    assert len(posts) > 250
