"""The benchmarks' own PostgreSQL database, holding the synthetic program."""

from __future__ import annotations

import os
import sys
import time
from urllib.parse import urlparse

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/mentoring_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/1"
SIZE = {"people": 10_000, "matches": 4_000, "months": 36}


def configure_environment() -> None:
    """Point Django at the benchmark database and Redis, never at the developer's own."""
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")


def services_missing() -> str | None:
    """Why the database benchmarks cannot run here, or None."""
    import psycopg
    import redis

    url = urlparse(os.environ["DATABASE_URL"])
    try:
        psycopg.connect(
            host=url.hostname,
            port=url.port or 5432,
            user=url.username,
            password=url.password,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.Error as exc:
        return f"no PostgreSQL at {url.hostname}:{url.port or 5432} ({exc.__class__.__name__})"
    try:
        redis.Redis.from_url(os.environ["REDIS_URL"], socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        return f"no Redis at {os.environ['REDIS_URL']} ({exc.__class__.__name__})"
    return None


def synthetic_program() -> float | None:
    """Make sure the benchmark database holds the synthetic program; the seconds it took to build, if built."""
    import psycopg

    url = urlparse(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    with psycopg.connect(
        host=url.hostname,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')

    import django

    django.setup()
    from django.core.management import call_command

    from matches.models import Match

    call_command("migrate", verbosity=0)
    if Match.objects.active().count() == SIZE["matches"]:
        return None
    _empty()
    from bench.synthetic import build

    print("Building the synthetic program (10,000 people, 4,000 matches, 36 months)...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    build(people=SIZE["people"], matches=SIZE["matches"], months=SIZE["months"])
    return time.perf_counter() - started


def _empty() -> None:
    from django.db import connection

    tables = [t for t in connection.introspection.table_names() if t != "django_migrations"]
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
