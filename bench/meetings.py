"""The private calendar feed (K2) at the size of a busy year: one person with a meeting every week for a
year, their monthly check-ins and a full action plan, on the synthetic program. Made in one transaction
that is rolled back, leaving the database as it was."""

from __future__ import annotations

import statistics
import time
from datetime import datetime, timedelta

from bench.dashboard import _times

REQUESTS = 50


class _Rollback(Exception):
    pass


def feed():
    from django.core.cache import cache
    from django.db import connection, transaction
    from django.test import Client
    from django.utils import timezone

    from bench.plans import _full_content
    from checkins.models import CheckIn
    from matches.models import Match
    from meetings.models import Meeting
    from meetings.services import feed_make
    from plans import services as plans

    figures = []
    try:
        with transaction.atomic():
            match = Match.objects.active().select_related("mentor", "mentee").order_by("pk").first()
            now = timezone.now()
            today = timezone.localdate()
            first = timezone.make_aware(datetime.combine(today - timedelta(days=84), datetime.min.time())) + timedelta(
                hours=18
            )
            Meeting.objects.bulk_create(
                [
                    Meeting(
                        match=match,
                        proposed_by=match.mentor,
                        status="accepted",
                        starts_at=first + timedelta(weeks=week),
                        ends_at=first + timedelta(weeks=week, hours=1),
                        form="video",
                        link="https://meet.example.org/weekly",
                        agenda="Her certification plan, the week's questions.",
                        outcome="held" if first + timedelta(weeks=week) < now else "",
                    )
                    for week in range(52)
                ]
            )
            for month in range(12):
                opened = now + timedelta(days=30 * (month - 2))
                CheckIn.objects.get_or_create(
                    match=match,
                    person=match.mentor,
                    month=opened.date().replace(day=1),
                    defaults={
                        "role": "mentor",
                        "hours_month": opened.date().replace(day=1),
                        "opened_at": opened,
                        "due_at": opened + timedelta(days=7),
                    },
                )
            plan = getattr(match.mentee, "plan", None)
            plans.plan_save(
                mentee=match.mentee,
                content=_full_content(today),
                based_on=plan.version if plan else 0,
                by=match.mentee,
            )
            token = feed_make(user=match.mentor)
            client = Client(HTTP_HOST="127.0.0.1")
            url = f"/calendar/{token}.ics"
            _times(client, url, 5)
            queries: list[str] = []

            def count(execute, sql, params, many, context):
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                response = client.get(url)
            events = response.content.count(b"BEGIN:VEVENT")
            etag = response["ETag"]
            cold, cold_cpu = [], []
            for _ in range(REQUESTS):  # built every time: its copy in the cache dropped first
                cache.delete(f"meetings.feed:{etag}")
                cpu = time.process_time()
                cold += _times(client, url, 1)
                cold_cpu.append(time.process_time() - cpu)
            cpu = time.process_time()
            times = _times(client, url, REQUESTS)
            kept_cpu = (time.process_time() - cpu) / REQUESTS
            not_modified = []
            for _ in range(REQUESTS):
                started = time.perf_counter()
                answer = client.get(url, HTTP_IF_NONE_MATCH=etag)
                not_modified.append(time.perf_counter() - started)
                assert answer.status_code == 304
            figures = [
                ("meetings.feed_events", events, "events"),
                ("meetings.feed_queries", len(queries), "queries"),
                ("meetings.feed_kib", f"{len(response.content) / 1024:.1f}", "KiB"),
                ("meetings.feed_built_median", f"{statistics.median(cold) * 1000:.2f}", "ms"),
                ("meetings.feed_built_p95", f"{statistics.quantiles(cold, n=20)[-1] * 1000:.2f}", "ms"),
                ("meetings.feed_built_cpu_median", f"{statistics.median(cold_cpu) * 1000:.2f}", "ms"),
                ("meetings.feed_median", f"{statistics.median(times) * 1000:.2f}", "ms"),
                ("meetings.feed_cpu_mean", f"{kept_cpu * 1000:.2f}", "ms"),
                ("meetings.feed_p95", f"{statistics.quantiles(times, n=20)[-1] * 1000:.2f}", "ms"),
                ("meetings.feed_304_median", f"{statistics.median(not_modified) * 1000:.2f}", "ms"),
            ]
            raise _Rollback
    except _Rollback:
        pass
    yield from figures
