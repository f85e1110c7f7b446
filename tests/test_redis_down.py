"""With the cache's Redis down (core.cache.ResilientRedisCache), pages and logins go on: copies are read
from the database, allauth's rate limits are off, and /health/ names the outage."""

import logging

import pytest
from django.urls import reverse

from core.cache import ResilientRedisCache
from profiles.tests.factories import PASSWORD, ProfileFactory

pytestmark = pytest.mark.django_db

DOWN = {
    "default": {
        "BACKEND": "core.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def redis_down(settings):
    settings.CACHES = DOWN  # Django rebuilds its cache handlers from the new setting
    ResilientRedisCache._logged_at = 0.0
    return


def test_the_cache_misses_and_drops_writes_instead_of_raising(redis_down, caplog):
    from django.core.cache import caches

    backend = caches["default"]
    assert isinstance(backend, ResilientRedisCache)

    with caplog.at_level(logging.ERROR, logger="core.cache"):
        backend.set("key", "value")
        assert backend.get("key", "missing") == "missing"
        assert backend.get_many(["key"]) == {}
        assert backend.add("lock", 1) is True
        assert backend.delete("key") is False

    assert type(backend.last_error).__name__ == "ConnectionError"
    assert len([r for r in caplog.records if "Redis (the cache) did not answer" in r.message]) == 1  # once a minute


def test_pages_and_logins_go_on_and_health_names_the_outage(client, redis_down, coordinator):
    mentor = ProfileFactory(mentor=True).user
    logged_in = client.post(reverse("account_login"), {"login": mentor.email, "password": PASSWORD})
    assert logged_in.status_code == 302, "a login is not refused for want of its rate-limit counter"
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("guide")).status_code == 200

    client.force_login(coordinator)
    board = client.get(reverse("dashboard:dashboard"))
    assert board.status_code == 200
    assert "The program at a glance" in board.content.decode()

    health = client.get("/health/")
    assert health.status_code == 503
    assert health.json()["checks"]["cache"] == {
        "ok": False,
        "detail": "failed: ConnectionError",
        "ms": health.json()["checks"]["cache"]["ms"],
    }
    assert health.json()["checks"]["database"]["ok"] is True
