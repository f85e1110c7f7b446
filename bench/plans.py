"""Action plans at the size of the synthetic program: the PDF, the plan page, and the dashboard with a plan
for every mentee. Everything is made in one transaction that is rolled back, leaving the database as it was."""

from __future__ import annotations

import statistics
import time
from datetime import timedelta

from bench.dashboard import _client, _times

WARM_UP = 3
PDF_RUNS = 20
REQUESTS = 50
DASHBOARD_REQUESTS = 20


def _full_content(today):
    """A plan with every part filled: three short-term goals of two actions, three long-term goals, six checkpoints."""
    from plans import content as c

    words = "Prepare the certification file with my supervisor's help and the study group, step by step"
    return c.PlanContent(
        short_goals=[
            c.ShortGoal(
                g,
                f"Short-term goal {g}: {words}.",
                [
                    c.Action(
                        a,
                        f"Action {a} of goal {g}: {words}",
                        words + ".",
                        "Time, the study guide, a budget.",
                        today - timedelta(days=60),
                        today + timedelta(days=30 * a),
                        c.DONE if a == 1 else c.UNDER_WAY,
                        today - timedelta(days=5) if a == 1 else None,
                    )
                    for a in (1, 2)
                ],
            )
            for g in (1, 2, 3)
        ],
        long_goals=[
            c.LongGoal(
                g,
                f"Long-term goal {g}: lead a team.",
                words + ".",
                "Within five years",
                "Little time: " + words + ".",
                "My supervisor's feedback.",
            )
            for g in (1, 2, 3)
        ],
        tasks_more=["Site inspections", "Writing report summaries", "Client meetings"],
        tasks_less=[c.TaskToReduce("Formatting spreadsheets", "Share a template")] * 2,
        skills=["Public speaking", "GIS", "Regulatory writing", "Estimating", "Negotiation"],
        checkpoints=[
            c.Checkpoint(
                p,
                today + timedelta(days=20 * p - 50),
                "video",
                f"Checkpoint {p}: review goal 1.",
                today - timedelta(days=30) if p == 1 else None,
            )
            for p in range(1, 7)
        ],
    )


def _plans_for_everyone(today):
    """A plan (one version, six actions, six checkpoints) for every mentee of an active match, by bulk insert."""
    from django.db import connection
    from django.utils import timezone

    from matches.models import Match
    from plans.models import Action, Checkpoint, Plan, PlanVersion

    content = _full_content(today)
    mentees = list(Match.objects.active().filter(mentee__plan__isnull=True).values_list("mentee_id", flat=True))
    made = Plan.objects.bulk_create([Plan(mentee_id=m, version=1, goal_count=6) for m in mentees], batch_size=2000)
    plans = [p.pk for p in made]
    now = timezone.now()
    PlanVersion.objects.bulk_create(
        [PlanVersion(plan_id=p, number=1, content=content.to_json(), saved_at=now) for p in plans], batch_size=2000
    )
    Action.objects.bulk_create(
        [
            Action(
                plan_id=p,
                goal=g.position,
                position=a.position,
                starts_on=a.starts_on,
                due_on=a.due_on - timedelta(days=40 * (i % 3)) if a.status != "done" else a.due_on,
                status=a.status,
                done_on=a.done_on,
            )
            for i, p in enumerate(plans)
            for g in content.short_goals
            for a in g.actions
        ],
        batch_size=5000,
    )
    Checkpoint.objects.bulk_create(
        [
            Checkpoint(plan_id=p, position=cp.position, on=cp.on, held_on=cp.held_on)
            for p in plans
            for cp in content.checkpoints
        ],
        batch_size=5000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # statistics, as autovacuum would keep them
            for table in ("plans_plan", "plans_planversion", "plans_action", "plans_checkpoint"):
                cursor.execute(f"ANALYZE {table}")
    return len(plans)


def plans():
    from django.db import transaction
    from django.utils import timezone

    from dashboard.models import DashboardFigures
    from matches.models import Match
    from plans import pdf, services
    from plans.models import Comment
    from profiles.models import ProgramSettings

    today = timezone.localdate()
    program = ProgramSettings.load()
    with transaction.atomic():
        match = Match.objects.active().select_related("mentor", "mentee").order_by("pk").first()
        content = _full_content(today)
        for n in range(10):  # ten versions
            content.skills[-1] = f"Skill of version {n + 1}"
            result = services.plan_save(mentee=match.mentee, content=content, based_on=n, by=match.mentee, today=today)
        plan = result.plan
        assert plan is not None
        for goal in ("short-1", "short-2", "long-1", ""):
            services.comment_add(plan=plan, author=match.mentor, body="What would help you most here?", goal=goal)
        assert Comment.objects.filter(plan=plan).count() == 4
        version = result.version

        for _ in range(2):
            pdf.plan_pdf(plan, version, program, today)
        pdf_times = []
        for _ in range(PDF_RUNS):
            started = time.perf_counter()
            data = pdf.plan_pdf(plan, version, program, today)
            pdf_times.append(time.perf_counter() - started)
        assert data.startswith(b"%PDF")

        client = _client(match.mentor)
        url = f"/plans/{plan.pk}/"
        _times(client, "/healthz", 5)
        _times(client, url, WARM_UP)
        page = _times(client, url, REQUESTS)
        trivial = _times(client, "/healthz", REQUESTS)

        _plans_for_everyone(today)
        DashboardFigures.objects.all().delete()  # no snapshot: each view computes the figures, as measured here
        board = _client()
        _times(board, "/coordinator/dashboard/", WARM_UP)
        dashboard = _times(board, "/coordinator/dashboard/", DASHBOARD_REQUESTS)
        transaction.set_rollback(True)  # leave the benchmark database as it was

    yield "plans.pdf_median", f"{statistics.median(pdf_times) * 1000:.0f}", "ms"
    yield "plans.page_median", f"{statistics.median(page) * 1000:.1f}", "ms"
    yield "trivial_view.median", f"{statistics.median(trivial) * 1000:.1f}", "ms"
    yield "plans.dashboard_median", f"{statistics.median(dashboard) * 1000:.0f}", "ms"
