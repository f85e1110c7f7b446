"""Opening a month for 4,000 active matches: 8,000 e-mails through the outbox, a real Celery worker and SMTP on
loopback; beside it, the same messages sent by a bare smtplib loop, the limit this machine sets."""

from __future__ import annotations

import logging
import os
import smtplib
import statistics
import sys
import threading
import time
from pathlib import Path

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


def _raw_rate(port: int, messages) -> tuple[float, float]:
    """Messages per second of one smtplib connection sending ``messages`` as they are, and the CPU time per
    message of this process meanwhile (the smtplib loop and the SMTP server, both here)."""
    from outbox.sending import _as_email

    prepared = [(m.to, _as_email(m).message().as_bytes(linesep="\r\n")) for m in messages]
    started, cpu = time.perf_counter(), time.process_time()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for to, data in prepared:
            smtp.sendmail("bench@localhost", to, data)
    return len(prepared) / (time.perf_counter() - started), (time.process_time() - cpu) / len(prepared)


def _cpu_seconds(pid: int) -> float:
    """CPU time used so far by process ``pid`` and its children (a prefork worker's pool processes)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    for each in [str(pid), *children]:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def open_month_4000():
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from checkins import dates
    from checkins.models import CheckIn
    from checkins.services import checkins_open_month
    from notifications.models import Notification
    from outbox.models import Message
    from outbox.sending import outbox_send_due
    from tests.harness import celery_worker, database_url_of, free_port, output_of

    settings.DEBUG = False  # as in production: no query log (in DEBUG each query is also written out as text)
    month = dates.month_start(timezone.localdate())
    CheckIn.objects.filter(month=month).delete()  # so every run opens the same month afresh
    Message.objects.filter(key__startswith="checkins.").delete()
    with connection.cursor() as cursor:  # what the last run left, cleaned up as autovacuum would (it is off here)
        for model in (CheckIn, Message, Notification):
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    counter = Counter()
    port = free_port()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        # DEBUG off in the worker too, as in production (no query log, no template debugging); the same
        # secret key and site as this process, so links and Message-IDs are the ones production writes.
        production = {"DEBUG": "false", "SECRET_KEY": settings.SECRET_KEY, "SITE_URL": settings.SITE_URL}
        with celery_worker(
            smtp_port=port, database_url=database_url_of(connection.settings_dict), concurrency=2, env=production
        ) as worker:
            time.sleep(3)  # let the worker start before the clock does
            worker_cpu = _cpu_seconds(worker.pid)
            started, cpu = time.perf_counter(), time.process_time()
            result = checkins_open_month(month=month)
            written, written_cpu = time.perf_counter() - started, time.process_time() - cpu
            deadline = started + 300
            while counter.count < EXPECTED and time.perf_counter() < deadline and worker.poll() is None:
                time.sleep(0.05)
            elapsed = time.perf_counter() - started
            if counter.count < EXPECTED:
                print(f"only {counter.count} of {EXPECTED} e-mails arrived:\n{output_of(worker)}", file=sys.stderr)
            worker_cpu = _cpu_seconds(worker.pid) - worker_cpu
            yield "checkins.open_month_4000", f"{elapsed:.1f}", "s"
            # Where the time went: the opening transaction (the check-ins, notifications and e-mails written;
            # nothing can be sent before it commits) and its CPU time in this process; the worker's CPU
            # time per e-mail (claims, rendering, SMTP client, marks), which does not depend on the load.
            yield "checkins.open_month_write_s", f"{written:.2f}", "s"
            yield "checkins.open_month_write_cpu_s", f"{written_cpu:.2f}", "s"
            yield "checkins.worker_cpu_ms", f"{worker_cpu / max(counter.count, 1) * 1000:.2f}", "ms"
            per_s = counter.count / elapsed
            yield "checkins.open_month_per_s", f"{per_s:.0f}", "/s"
            assert result.created == EXPECTED, result

            before = counter.count
            again = checkins_open_month(month=month)
            time.sleep(5)  # anything written by the second run would have arrived by now
            yield "checkins.rerun_emails", str(counter.count - before + again.created + again.queued), "emails"

        messages = list(Message.objects.filter(key__startswith="checkins.open:").prefetch_related("attachments"))
        raw, raw_cpu = _raw_rate(port, messages)
        yield "smtp.raw_per_s", f"{raw:.0f}", "/s"
        yield "smtp.raw_cpu_ms", f"{raw_cpu * 1000:.2f}", "ms"
        yield "checkins.open_month_vs_raw", f"{per_s / raw * 100:.0f}", "%"  # the target: at least 75 %

        idle = []
        for _ in range(50):
            begun = time.perf_counter()
            assert outbox_send_due().claimed == 0
            idle.append(time.perf_counter() - begun)
        yield "outbox.sweep_idle_ms", f"{statistics.median(idle) * 1000:.2f}", "ms"
    finally:
        controller.stop()
