"""A1–A4: the mentee's plan, its versions and changes, the mentor's comments, progress and the PDF."""

import io
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from documents.pdf import StaticOnlyFetcher, static_base_url
from matches.services import match_close
from matches.tests.factories import MatchFactory
from plans import content as c
from plans import selectors, services
from plans.forms import PlanForm
from plans.models import Action, Checkpoint, Comment, EventKind, Plan, PlanEvent, PlanVersion

from .conftest import text_of
from .factories import ActionFactory, CheckpointFactory, PlanContentFactory, PlanFactory, ShortGoalFactory, days

pytestmark = pytest.mark.django_db


def form_data(content, based_on, changes=None):
    """What the edit form posts for ``content``, with ``changes`` on top."""
    data = {"based_on": based_on}
    for name, value in PlanForm.initial_for(content).items():
        if value in (None, False):
            continue
        data[name] = value.isoformat() if hasattr(value, "isoformat") else ("on" if value is True else value)
    data.update(changes or {})
    return data


def save(client, plan, **changes):
    """The mentee opens the edit page of ``plan`` and saves it with ``changes``."""
    current = selectors.content_of(plan)
    return client.post(reverse("plans:edit", args=[plan.pk]), form_data(current, plan.version, changes), follow=True)


def pdf_text(data: bytes) -> str:
    """The PDF's text with its line breaks (where long lines wrap) read as spaces."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


# Drafting and versions (A1, A2)


def test_the_mentee_is_invited_to_draft_then_saves_a_first_draft_with_nothing_required(client, match):
    client.force_login(match.mentee)

    start = client.get(reverse("plans:mine"))
    assert "Write the first draft" in start.content.decode()
    assert f"before your first meeting with {match.mentor.name}" in start.content.decode()
    empty = client.post(reverse("plans:create"), {"based_on": 0}, follow=True)
    assert "Nothing to save yet" in empty.content.decode()
    assert not Plan.objects.exists()

    response = client.post(reverse("plans:create"), {"based_on": 0, "skill1": "Public speaking"}, follow=True)

    plan = Plan.objects.get(mentee=match.mentee)
    assert plan.version == 1
    assert f"Your first draft is saved as version 1. {match.mentor.name} can read it now." in response.content.decode()
    assert "Public speaking" in response.content.decode()
    assert client.get(reverse("plans:mine")).url == plan.get_absolute_url()


def test_three_saves_keep_three_versions_and_the_diff_says_what_changed(client, match):
    client.force_login(match.mentee)
    client.post(
        reverse("plans:create"),
        {
            "based_on": 0,
            "s1_goal": "Pass the certification exam",
            "s1_a1_what": "Book the exam",
            "s1_a1_due_on": days(30).isoformat(),
        },
    )
    plan = Plan.objects.get()
    save(client, plan, s1_goal="Pass the certification exam by June", more1="Site inspections")
    plan.refresh_from_db()
    save(client, plan, s1_a1_status="done", c1_on=days(10).isoformat(), c1_how="phone", c1_purpose="Check the booking")

    plan.refresh_from_db()
    assert plan.version == 3
    assert list(PlanVersion.objects.filter(plan=plan).values_list("number", flat=True)) == [3, 2, 1]
    versions = text_of(client.get(reverse("plans:versions", args=[plan.pk])))
    assert all(f"Version {n}" in versions for n in (1, 2, 3))

    # 27.10: every version says what changed, a full edit as a status change does (no bare "Plan saved").
    assert "Plan saved" not in versions
    assert "First draft" in versions
    assert "Short-term goals: Goal 1 added: “Pass the certification exam”." in versions
    assert "Short-term goals: Goal 1 reworded." in versions
    assert "Tasks to do more of: Added: “Site inspections”." in versions
    assert "Goal 1, action 1: not started → done on" in versions
    assert f"Progress checkpoints: Checkpoint 1 added: {c.day(days(10))}, phone: “Check the booking”." in versions
    services.action_status_set(plan=plan, goal=1, action=1, status="under_way", by=match.mentee)
    status_only = text_of(client.get(reverse("plans:versions", args=[plan.pk])))
    assert "<li>Short-term goals: Goal 1, action 1: done → under way.</li>" in status_only

    changes = text_of(client.get(reverse("plans:diff", args=[plan.pk]), {"from": 1, "to": 3}))
    assert "Goal 1 reworded." in changes
    assert '<ins><span class="visually-hidden">added: </span>by June</ins>' in changes
    assert "Added: “Site inspections”." in changes
    assert "Goal 1, action 1: not started → done on" in changes
    assert "Goal 1 reached: every action is done." in changes
    assert f"Checkpoint 1 added: {c.day(days(10))}, phone: “Check the booking”." in changes
    assert "{&quot;" not in changes, "no raw JSON"
    assert '"short_goals"' not in changes, "no raw JSON"

    version_two = text_of(client.get(reverse("plans:version", args=[plan.pk, 2])))
    assert "What changed from version 1" in version_two
    assert "Goal 1 reworded." in version_two
    assert "Site inspections" in version_two
    assert "Check the booking" not in version_two


def test_a_stale_save_is_refused_shows_the_newer_text_and_loses_nothing(client, match):
    plan = PlanFactory(mentee=match.mentee)
    client.force_login(match.mentee)
    opened = form_data(selectors.content_of(plan), plan.version)  # the first tab opens the form at version 1
    save(client, plan, skill2="Negotiation, from the other tab")  # the second tab saves version 2

    response = client.post(reverse("plans:edit", args=[plan.pk]), {**opened, "skill3": "Estimating, my own words"})

    page = text_of(response)
    assert response.status_code == 200
    assert "Not saved: version 2 of your plan was saved" in page
    assert "Added: “Negotiation, from the other tab”." in page, "what the newer version changed is shown"
    assert 'value="Estimating, my own words"' in page, "what was typed is still in the form"
    plan.refresh_from_db()
    assert plan.version == 2
    assert "Estimating, my own words" not in str(selectors.content_of(plan).skills)

    again = re.search(r'name="based_on" value="(\d+)"', page).group(1)
    client.post(
        reverse("plans:edit", args=[plan.pk]), {**opened, "based_on": again, "skill3": "Estimating, my own words"}
    )
    plan.refresh_from_db()
    assert plan.version == 3
    assert "Estimating, my own words" in selectors.content_of(plan).skills


def test_a_second_click_or_an_unchanged_save_keeps_no_new_version(client, match):
    plan = PlanFactory(mentee=match.mentee)
    client.force_login(match.mentee)
    data = form_data(selectors.content_of(plan), plan.version, {"skill2": "Negotiation"})

    client.post(reverse("plans:edit", args=[plan.pk]), data)
    second = client.post(reverse("plans:edit", args=[plan.pk]), data, follow=True)

    plan.refresh_from_db()
    assert plan.version == 2
    assert "Nothing had changed; your plan stays at version 2." in second.content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"s1_a1_starts_on": "2026-05-10", "s1_a1_due_on": "2026-05-01"},
            "s1_a1_due_on",
            "An action cannot finish before it starts: choose a completion date on or after the start, 10 May 2026.",
        ),
        ({"s1_a1_due_on": "31/02/2026"}, "s1_a1_due_on", "Enter a date, for example 2026-03-15."),
        ({"s1_a1_due_on": "1066-10-14"}, "s1_a1_due_on", "Please choose a date between 2000 and 2100."),
        (
            {"s1_a1_status": "done", "s1_a1_done_on": (timezone.localdate() + timedelta(days=3)).isoformat()},
            "s1_a1_done_on",
            "The done date cannot be later than today.",
        ),
        ({"s1_a1_status": "sleeping"}, "s1_a1_status", "Select a valid choice."),
        ({"c1_how": "carrier pigeon"}, "c1_how", "Select a valid choice."),
        ({"based_on": "-1"}, "based_on", ""),
    ],
)
def test_bad_dates_and_choices_are_refused_with_a_message_and_nothing_saved(client, match, changes, field, message):
    plan = PlanFactory(mentee=match.mentee)
    client.force_login(match.mentee)

    response = save(client, plan, **{"s1_a1_starts_on": "", **changes})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Please correct what is marked below; nothing was saved yet." in page
    assert message in page
    assert Plan.objects.get().version == 1


def test_a_done_date_is_kept_only_while_the_action_is_done(client, match):
    plan = PlanFactory(mentee=match.mentee)
    client.force_login(match.mentee)

    save(client, plan, s1_a1_status="done", s1_a1_done_on=days(-2).isoformat(), s1_a1_starts_on=days(1).isoformat())
    plan.refresh_from_db()
    assert selectors.content_of(plan).short_goals[0].actions[0].done_on == days(-2), "done before its start: fine"
    save(client, plan, s1_a1_status="under_way")

    plan.refresh_from_db()
    assert plan.version == 3
    assert Action.objects.get(goal=1, position=1).done_on is None
    assert selectors.content_of(plan).short_goals[0].actions[0].done_on is None


def test_the_services_refuse_what_the_form_would(match):
    plan = PlanFactory(mentee=match.mentee)
    bad = PlanContentFactory(short_goals=[ShortGoalFactory(actions=[ActionFactory(starts_on=days(5), due_on=days(1))])])

    with pytest.raises(services.PlanError, match="cannot finish before it starts"):
        services.plan_save(mentee=match.mentee, content=bad, based_on=1, by=match.mentee)
    with pytest.raises(services.PlanError, match="Only the mentee"):
        services.plan_save(mentee=match.mentee, content=PlanContentFactory(), based_on=1, by=match.mentor)
    with pytest.raises(services.PlanError, match="Only the mentee"):
        services.action_status_set(plan=plan, goal=1, action=1, status="done", by=match.mentor)
    assert Plan.objects.get().version == 1


def test_a_first_save_naming_a_version_that_never_was_is_kept_as_version_1(client, match):
    """A tampered or replayed form on a plan with no version yet: nothing newer to protect, nothing breaks."""
    client.force_login(match.mentee)

    response = client.post(reverse("plans:create"), form_data(PlanContentFactory(), 7), follow=True)

    assert response.status_code == 200
    assert "Your first draft is saved as version 1." in response.content.decode()
    assert Plan.objects.get(mentee=match.mentee).version == 1


# Who does what (A2)


def test_the_mentors_post_to_the_edit_url_changes_nothing(client, match):
    plan = PlanFactory(mentee=match.mentee)
    before = PlanVersion.objects.get(plan=plan).content
    client.force_login(match.mentor)

    edit = client.post(
        reverse("plans:edit", args=[plan.pk]), form_data(selectors.content_of(plan), 1, {"s1_goal": "Mentor's words"})
    )
    status = client.post(reverse("plans:action_status", args=[plan.pk, 1, 1]), {"status": "done"})
    held = client.post(reverse("plans:checkpoint_held", args=[plan.pk, 1]))
    create = client.post(reverse("plans:create"), {"based_on": 0, "s1_goal": "Mentor's own plan"})

    assert [edit.status_code, status.status_code, held.status_code, create.status_code] == [404, 404, 404, 404]
    plan.refresh_from_db()
    assert plan.version == 1
    assert PlanVersion.objects.get(plan=plan).content == before
    assert Plan.objects.count() == 1
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Edit the plan" not in page
    assert "Mark held" not in page
    assert 'name="status"' not in page


def test_the_mentor_comments_on_a_goal_and_sees_the_mentees_answer(client, match):
    plan = PlanFactory(mentee=match.mentee)
    client.force_login(match.mentor)
    client.post(
        reverse("plans:comments", args=[plan.pk]),
        {"body": "Which exam date suits you?", "goal": "short-1", "back": "plan"},
    )
    thread = Comment.objects.get()

    client.force_login(match.mentee)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Which exam date suits you?" in page
    assert "Your answer to Zoë" in page
    refused = client.post(reverse("plans:comments", args=[plan.pk]), {"body": "A thread of my own"}, follow=True)
    assert "Your mentor starts the comments; you answer them." in refused.content.decode()
    answered = client.post(
        reverse("plans:comments", args=[plan.pk]),
        {"body": "June, after the busy season.", "parent": thread.pk, "back": "plan"},
        follow=True,
    )
    assert "Your answer is added." in answered.content.decode()
    client.post(
        reverse("plans:comments", args=[plan.pk]), {"body": "June, after the busy season.", "parent": thread.pk}
    )

    client.force_login(match.mentor)
    page = text_of(client.get(plan.get_absolute_url()))
    goal_card = page.split('id="goal-short-1"', 1)[1].split("</article>", 1)[0]
    assert "Which exam date suits you?" in goal_card
    assert "June, after the busy season." in goal_card
    assert Comment.objects.filter(parent=thread).count() == 1, "a second click adds nothing"
    assert "June, after the busy season." in client.get(reverse("plans:comments", args=[plan.pk])).content.decode()


def test_comments_refuse_what_does_not_fit_with_a_message(client, match):
    plan = PlanFactory(mentee=match.mentee)
    other = PlanFactory()
    elsewhere = Comment.objects.create(plan=other, author=other.mentee, body="Elsewhere", version=1)
    client.force_login(match.mentor)

    for data, message in [
        ({"body": "   "}, "Please write your comment first."),
        ({"body": "On a goal that is not there", "goal": "short-9"}, "That goal is not in the plan."),
        ({"body": "Into another plan's thread", "parent": elsewhere.pk}, "That conversation is no longer here."),
        ({"body": "x" * 2001}, "at most 2000 characters"),
    ]:
        response = client.post(reverse("plans:comments", args=[plan.pk]), data, follow=True)
        assert message in response.content.decode()
    assert not Comment.objects.filter(plan=plan).exists()


# Progress (A3)


def test_the_mentee_marks_an_action_done_and_the_goal_and_events_follow(client, match):
    goal = ShortGoalFactory(
        actions=[ActionFactory(position=1, status="done", due_on=days(-1)), ActionFactory(position=2, due_on=days(-2))]
    )
    plan = PlanFactory(mentee=match.mentee, content=PlanContentFactory(short_goals=[goal]))
    client.force_login(match.mentee)
    assert "Actions overdue" in client.get(plan.get_absolute_url()).content.decode()
    assert Action.objects.overdue(timezone.localdate()).count() == 1

    response = client.post(reverse("plans:action_status", args=[plan.pk, 1, 2]), {"status": "done"}, follow=True)
    again = client.post(reverse("plans:action_status", args=[plan.pk, 1, 2]), {"status": "done"}, follow=True)
    bad = client.post(reverse("plans:action_status", args=[plan.pk, 3, 1]), {"status": "done"}, follow=True)

    assert "Goal 1, action 2: done. Saved as version 2." in response.content.decode()
    assert "was already done" in again.content.decode()
    assert "That action is no longer in the plan" in bad.content.decode()
    progress = selectors.progress_of(Plan.objects.get())
    assert (progress.actions_done, progress.actions, progress.actions_overdue, progress.goals_done) == (2, 2, 0, 1)
    assert Action.objects.get(goal=1, position=2).done_on == timezone.localdate()
    assert [e.kind for e in PlanEvent.objects.order_by("pk")] == [
        EventKind.CREATED,
        EventKind.PROGRESS,
        EventKind.GOAL_DONE,
    ]
    assert all(e.match_id == match.pk for e in PlanEvent.objects.all())


def test_a_checkpoint_is_marked_held_and_overdue_ones_show(client, match):
    points = [CheckpointFactory(position=1, on=days(-3)), CheckpointFactory(position=2, on=days(5), purpose="Next")]
    plan = PlanFactory(mentee=match.mentee, content=PlanContentFactory(checkpoints=points))
    client.force_login(match.mentee)

    page = text_of(client.get(plan.get_absolute_url()))
    assert 'data-figure="checkpoints-overdue">1<' in page
    assert "overdue" in page
    response = client.post(reverse("plans:checkpoint_held", args=[plan.pk, 1]), follow=True)

    assert "Checkpoint 1 marked held today. Saved as version 2." in response.content.decode()
    page = text_of(response)
    assert 'data-figure="checkpoints-overdue">0<' in page
    assert f'data-figure="next-checkpoint">{days(5):%-d %b %Y}<' in page
    assert Checkpoint.objects.get(position=1).held_on == timezone.localdate()
    assert PlanEvent.objects.filter(
        kind=EventKind.CHECKPOINT_HELD, detail=f"checkpoint 1 of {c.day(days(-3))}"
    ).exists()


def test_moving_a_checkpoint_makes_a_new_row_so_it_is_reminded_again(client, match):
    plan = PlanFactory(mentee=match.mentee)
    first = Checkpoint.objects.get()
    client.force_login(match.mentee)

    save(client, plan, c1_purpose="A new purpose, same day")
    assert Checkpoint.objects.get().pk == first.pk
    plan.refresh_from_db()
    save(client, plan, c1_on=days(25).isoformat())
    assert Checkpoint.objects.get().pk != first.pk


def test_the_plan_as_it_stood_at_a_moment(match, time_machine):
    time_machine.move_to(timezone.now() - timedelta(days=10))
    plan = PlanFactory(mentee=match.mentee)
    time_machine.move_to(timezone.now() + timedelta(days=5))
    services.plan_save(
        mentee=match.mentee, content=PlanContentFactory(skills=["Later skill"]), based_on=1, by=match.mentee
    )

    assert selectors.plan_version_at(plan, timezone.now() - timedelta(days=20)) is None
    assert selectors.plan_version_at(plan, timezone.now() - timedelta(days=3)).number == 1
    assert selectors.plan_version_at(plan, timezone.now()).number == 2


# Confidentiality (A2, 6)


def test_the_coordinator_sees_figures_and_not_the_text_unless_the_mentee_shares(client, match, coordinator):
    plan = PlanFactory(mentee=match.mentee)
    Comment.objects.create(plan=plan, author=match.mentor, body="Private comment", version=1)
    client.force_login(coordinator)

    page = text_of(client.get(plan.get_absolute_url()))
    assert 'data-figure="actions-done">0 of 2<' in page
    assert "The plan itself is private" in page
    for secret in ("Pass the certification exam", "Public speaking", "Private comment", "Review the exam preparation"):
        assert secret not in page
    for name in ("versions", "comments", "pdf"):
        assert client.get(reverse(f"plans:{name}", args=[plan.pk])).status_code == 404
    match_page = text_of(client.get(reverse("dashboard:match", args=[match.pk])))
    assert "Pass the certification exam" not in match_page
    assert 'data-figure="goals">2<' in match_page

    client.force_login(match.mentee)
    response = save(client, plan, shared="on")
    assert "shared with the coordinator" in response.content.decode()
    client.force_login(coordinator)
    shared = client.get(plan.get_absolute_url()).content.decode()
    assert "Pass the certification exam" in shared
    assert "Private comment" not in shared
    assert client.get(reverse("plans:pdf", args=[plan.pk])).status_code == 200
    assert client.get(reverse("plans:comments", args=[plan.pk])).status_code == 404
    assert client.post(reverse("plans:comments", args=[plan.pk]), {"body": "Coordinator note"}).status_code == 404
    assert PlanEvent.objects.filter(kind=EventKind.SHARED).exists()


def test_a_former_mentor_loses_access_and_the_next_mentor_reads_nothing_until_the_mentee_chooses(
    client, match, coordinator
):
    plan = PlanFactory(mentee=match.mentee)
    client.force_login(match.mentor)
    assert client.get(plan.get_absolute_url()).status_code == 200

    match_close(match=match, by=coordinator, reason="completed", note="")

    assert client.get(plan.get_absolute_url()).status_code == 404
    assert client.get(reverse("plans:pdf", args=[plan.pk])).status_code == 404
    newer = MatchFactory(mentee=match.mentee)
    client.force_login(newer.mentor)
    assert client.get(plan.get_absolute_url()).status_code == 404  # V5: only by her choice
    client.force_login(match.mentee)
    page = client.get(reverse("plans:mine")).content.decode()
    assert "Carry my plan over" in page
    assert "Start a new plan" in page


def test_the_admin_shows_records_and_never_the_text(client, match):
    from profiles.models import User
    from profiles.services import totp_enroll

    plan = PlanFactory(mentee=match.mentee)
    comment = Comment.objects.create(plan=plan, author=match.mentor, body="Private comment", version=1)
    root = User.objects.create_superuser(email="root@example.org", password="x", name="Root")
    totp_enroll(user=root)  # operators have two-factor on
    client.force_login(root)

    pages = [
        reverse("admin:plans_planversion_change", args=[PlanVersion.objects.get().pk]),
        reverse("admin:plans_comment_change", args=[comment.pk]),
        reverse("admin:plans_plan_change", args=[plan.pk]),
        reverse("admin:plans_planversion_changelist"),
        reverse("admin:plans_comment_changelist"),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert "Pass the certification exam" not in body, url
        assert "Private comment" not in body, url


# The PDF (A4)


def test_the_pdf_holds_the_goals_statuses_and_checkpoints_with_accents(client, match):
    goal = ShortGoalFactory(
        goal="Réussir l'examen de certification — Łódź",
        actions=[
            ActionFactory(position=1, what="Réserver la date d'examen", status="done", done_on=days(-1)),
            ActionFactory(position=2, what="Étudier avec Søren", status="under_way"),
        ],
    )
    plan = PlanFactory(mentee=match.mentee, content=PlanContentFactory(short_goals=[goal]))
    client.force_login(match.mentor)

    response = client.get(reverse("plans:pdf", args=[plan.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content)
    for words in (
        "Réussir l'examen de certification — Łódź",
        "Réserver la date d'examen",
        "Étudier avec Søren",
        "Nguyễn Văn An",
        "Lead a field crew.",
        "Review the exam preparation.",
        "Under way",
        "Done",
        "version 1",
        f"printed {c.day(timezone.localdate())}",
        "Progress checkpoints",
        "Skills, knowledge and experience to acquire",
    ):
        assert words in text, words


def test_markup_a_mentee_types_is_printed_as_text_and_never_fetched(client, match):
    hostile = PlanContentFactory(
        short_goals=[
            ShortGoalFactory(
                goal='<img src="http://127.0.0.1:9/x.png">',
                actions=[ActionFactory(what='<link rel="stylesheet" href="file:///etc/passwd">')],
            )
        ],
        skills=["<script>alert(1)</script>"],
    )
    plan = PlanFactory(mentee=match.mentee, content=hostile)
    client.force_login(match.mentee)
    asked = []
    real_fetch = StaticOnlyFetcher.fetch

    def recording_fetch(fetcher, url, headers=None):
        asked.append(url)
        return real_fetch(fetcher, url, headers)

    with mock.patch.object(StaticOnlyFetcher, "fetch", recording_fetch):
        data = client.get(reverse("plans:pdf", args=[plan.pk])).content

    text = "".join(pdf_text(data).split())  # a long word may wrap anywhere
    assert '<imgsrc="http://127.0.0.1:9/x.png">' in text
    assert "<script>alert(1)</script>" in text
    assert '<linkrel="stylesheet"href="file:///etc/passwd">' in text
    assert "root:" not in text
    assert asked == [static_base_url() + "css/pdf.css"]
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# Reminders (A3)


def test_checkpoint_reminders_go_once_to_both_partners_the_configured_days_before(
    match, django_capture_on_commit_callbacks
):
    from profiles.models import ProgramSettings

    program = ProgramSettings.load()
    program.checkpoint_reminder_days = 5
    program.save()
    points = [
        CheckpointFactory(position=1, on=days(5), purpose="Talk about the exam"),
        CheckpointFactory(position=2, on=days(6)),
        CheckpointFactory(position=3, on=days(0)),
        CheckpointFactory(position=4, on=days(2), purpose="Already held"),
    ]
    plan = PlanFactory(mentee=match.mentee, content=PlanContentFactory(checkpoints=points))
    services.checkpoint_hold(plan=plan, position=4, by=match.mentee)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.checkpoints_remind() == 2
        assert services.checkpoints_remind() == 0
        Checkpoint.objects.update(reminded_at=None)  # as if the claim were lost: the outbox keys still hold
        assert services.checkpoints_remind() == 0

    reminders = [m for m in mail.outbox if "checkpoint" in m.subject]  # the plan's first version told Zoë too
    assert sorted(m.to[0] for m in reminders) == ["an@example.org", "zoe@example.org"]
    [to_mentee] = [m for m in reminders if m.to == ["an@example.org"]]
    [to_mentor] = [m for m in reminders if m.to == ["zoe@example.org"]]
    assert to_mentee.subject == f"Your action plan checkpoint on {days(5):%A %-d %B}"
    assert to_mentor.subject == f"Nguyễn Văn An's action plan checkpoint on {days(5):%A %-d %B}"
    assert "In 5 days" in to_mentee.body
    assert "Talk about the exam" in to_mentee.body
    assert plan.get_absolute_url() in to_mentor.body
    assert Checkpoint.objects.filter(reminded_at__isnull=False).count() == 1


def test_a_mentee_without_a_match_is_reminded_alone(django_capture_on_commit_callbacks):
    plan = PlanFactory(content=PlanContentFactory(checkpoints=[CheckpointFactory(on=days(2))]))

    with django_capture_on_commit_callbacks(execute=True):
        assert services.checkpoints_remind() == 1
    assert [m.to for m in mail.outbox] == [[plan.mentee.email]]
    assert "with" not in mail.outbox[0].body.split("comes a progress checkpoint of your action plan")[1].split(".")[0]
