"""Opening a month for 4,000 active matches: 8,000 e-mails through a real Celery worker to SMTP on loopback."""

from __future__ import annotations

import logging
import sys
import threading
import time

from aiosmtpd.controller import Controller

EXPECTED = 8000
logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP line at INFO


class Counter:
    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
        return "250 OK"


def open_month_4000():
    from django.db import connection
    from django.utils import timezone

    from checkins import dates
    from checkins.models import CheckIn
    from checkins.services import checkins_open_month
    from tests.harness import celery_worker, database_url_of, free_port, output_of

    month = dates.month_start(timezone.localdate())
    CheckIn.objects.filter(month=month).delete()  # so every run opens the same month afresh
    counter = Counter()
    port = free_port()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with celery_worker(smtp_port=port, database_url=database_url_of(connection.settings_dict), concurrency=2) as worker:
            time.sleep(3)  # let the worker start before the clock does
            started = time.perf_counter()
            result = checkins_open_month(month=month)
            deadline = started + 300
            while counter.count < EXPECTED and time.perf_counter() < deadline and worker.poll() is None:
                time.sleep(0.05)
            elapsed = time.perf_counter() - started
            if counter.count < EXPECTED:
                print(f"only {counter.count} of {EXPECTED} e-mails arrived:\n{output_of(worker)}", file=sys.stderr)
            yield "checkins.open_month_4000", f"{elapsed:.1f}", "s"
            assert result.created == EXPECTED, result

            before = counter.count
            again = checkins_open_month(month=month)
            time.sleep(5)  # anything queued by the second run would have arrived by now
            yield "checkins.rerun_emails", str(counter.count - before + again.created), "emails"
    finally:
        controller.stop()
