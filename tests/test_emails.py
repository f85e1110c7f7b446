"""Every kind of e-mail is one function in its app's ``emails.py``: each renders whole, and every template
under templates/emails/ belongs to one of them (or is an allauth e-mail in the program's words)."""

import copy
import importlib
import inspect
import json
import re
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.serializers.json import DjangoJSONEncoder
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone

from agreements import emails as agreement_emails
from agreements.models import Kind
from agreements.services import agreement_ensure
from checkins import emails as checkin_emails
from checkins.models import QuietEpisode
from checkins.tests.factories import CheckInFactory
from dashboard import emails as dashboard_emails
from dashboard.models import GroupMessage
from endings import emails as ending_emails
from endings.models import Survey, ThankYou
from match_requests import emails as request_emails
from match_requests.models import Choice, ChoiceStatus, MentorRequest
from matches import emails as match_emails
from matches.tests.factories import MatchFactory
from meetings import emails as meeting_emails
from meetings.models import MeetingEvent
from meetings.tests.factories import MeetingFactory
from notifications import emails as notification_emails
from notifications.models import Notification
from outbox.emails import Attachment, Email, render_email
from plans import emails as plan_emails
from plans.models import Checkpoint, Comment, PlanVersion
from plans.tests.factories import CheckpointFactory, PlanContentFactory, PlanFactory, days
from privacy import emails as privacy_emails
from privacy.models import DataExport
from profiles import emails as profile_emails
from profiles.mail import program_context
from profiles.models import Invitation, ProgramSettings, Status
from profiles.tests.factories import ProfileFactory
from support import emails as support_emails
from support.models import Category, Concern

pytestmark = pytest.mark.django_db

# allauth's e-mails written in the program's words, with what allauth gives each.
ACCOUNT_CONTEXTS = {
    "login_code": {"code": "XK4-9PQ"},
    "password_reset_key": {"password_reset_url": "http://127.0.0.1:8000/accounts/password/reset/key/1-abc/"},
    "email_confirmation": {"activate_url": "http://127.0.0.1:8000/accounts/confirm-email/abc/", "key": "abc"},
    "email_confirmation_signup": {"activate_url": "http://127.0.0.1:8000/accounts/confirm-email/abc/", "key": "abc"},
    "account_already_exists": {"password_reset_url": "http://127.0.0.1:8000/accounts/password/reset/"},
    "unknown_account": {"signup_url": "http://127.0.0.1:8000/accounts/signup/"},
}


@pytest.fixture
def world(coordinator):
    """One of each thing an e-mail is about."""
    program = ProgramSettings.load()
    program.contact_name, program.contact_email = "Casey Coordinator", "coordinator@example.org"
    program.save()
    mentor = ProfileFactory(mentor=True, user__name="Zoë Fairbairn", user__email="zoe@example.org").user
    mentee = ProfileFactory(user__name="Nguyễn Văn An", user__email="an@example.org").user
    match = MatchFactory(mentor=mentor, mentee=mentee)
    checkin = CheckInFactory(match=match)
    point = CheckpointFactory(on=days(5), purpose="Talk about the exam")
    plan = PlanFactory(mentee=mentee, content=PlanContentFactory(checkpoints=[point]))
    agreement = agreement_ensure(match, Kind.PARTNERSHIP)
    comment = Comment.objects.create(plan=plan, author=mentor, body="Good goals.\nMaybe a date?", version=1)
    return SimpleNamespace(
        program=program,
        coordinator=coordinator,
        mentor=mentor,
        mentee=mentee,
        match=match,
        checkin=checkin,
        episode=QuietEpisode.objects.create(match=match, started_on=timezone.localdate()),
        agreement=agreement,
        survey=Survey.objects.create(match=match, person=mentee, role="mentee", program_year=2026),
        thanks=ThankYou.objects.create(match=match, mentee=mentee, mentor=mentor, message="Thank you for everything."),
        concern=Concern.objects.create(reporter=mentee, match=match, category=Category.HARASSMENT, text="He shouts."),
        invitation=Invitation.objects.create(email="new@example.org", name="Amira Haddad", role="mentee"),
        checkpoint=Checkpoint.objects.get(plan=plan),
        point=point,
        version=PlanVersion.objects.create(plan=plan, number=2, content={}, saved_by=mentee, saved_at=timezone.now()),
        comment=comment,
        reply=Comment.objects.create(plan=plan, author=mentee, body="Thank you!", parent=comment, version=1),
    )


def meeting_step(w, kind: str) -> MeetingEvent:
    """A step of the world's meeting (proposed by the mentor, with a word from the mentee when declined)."""
    if not hasattr(w, "meeting"):
        w.meeting = MeetingFactory(match=w.match, proposed_by=w.mentor, place="Café Lux", agenda="Her exam")
    actor = w.mentor if kind in ("proposed", "countered") else w.mentee
    event = MeetingEvent.objects.create(
        meeting=w.meeting, match=w.match, actor=actor, kind=kind, starts_at=w.meeting.starts_at, note="Exam day."
    )
    event.meeting = w.meeting
    return event


def request_choices(w):
    """A request of the mentee's: her first choice declined, her second asked (made once per world)."""
    if hasattr(w, "request_choices"):
        return w.request_choices
    request = MentorRequest.objects.create(mentee=w.mentee, note="I would like to work on my portfolio.")
    other = ProfileFactory(mentor=True, user__name="Grace Oyelaran").user
    declined = Choice.objects.create(
        request=request, mentor=other, position=1, status=ChoiceStatus.DECLINED, reason="Away this spring."
    )
    asked = Choice.objects.create(
        request=request,
        mentor=w.mentor,
        position=2,
        status=ChoiceStatus.ASKED,
        asked_at=timezone.now(),
        deadline=timezone.now() + timedelta(days=5),
    )
    w.request_choices = (request, declined, asked)
    return w.request_choices


def allauth_message():
    message = EmailMultiAlternatives("Password Changed", "Your password has been changed.", to=["an@example.org"])
    message.attach_alternative("<p>Your password has been changed.</p>", "text/html")
    return message


# Each kind of e-mail (its app's label and function name), and the e-mails it makes for ``world``.
KINDS = {
    "checkins.opened": lambda w: [checkin_emails.opened(w.checkin)],
    "checkins.reminder": lambda w: [checkin_emails.reminder(w.checkin)],
    "checkins.nudge": lambda w: [
        checkin_emails.nudge(w.episode, w.mentor, checkin=w.checkin),
        checkin_emails.nudge(w.episode, w.mentee, checkin=None),
    ],
    "agreements.signed": lambda w: [
        agreement_emails.signed(w.agreement, w.mentee, pdf=Attachment("Agreement.pdf", b"%PDF-1.7", "application/pdf"))
    ],
    "agreements.your_turn": lambda w: [agreement_emails.your_turn(w.agreement, w.mentor, signer=w.mentee)],
    "agreements.signature_cleared": lambda w: [
        agreement_emails.signature_cleared(w.agreement, w.mentee, changed_by=w.mentor)
    ],
    "endings.closed": lambda w: [
        ending_emails.closed(w.match, w.mentee, by=w.mentor),
        ending_emails.closed(w.match, w.mentor, by=w.coordinator),
    ],
    "endings.closed_coordinator": lambda w: [
        ending_emails.closed_coordinator(w.match, w.coordinator, by=w.mentee, note="We rarely met.")
    ],
    "endings.survey": lambda w: [ending_emails.survey(w.survey)],
    "endings.survey_reminder": lambda w: [ending_emails.survey_reminder(w.survey)],
    "endings.thanks": lambda w: [ending_emails.thanks(w.thanks)],
    "matches.introduction": lambda w: [
        match_emails.introduction(w.match, w.mentor, partner_profile=w.mentee.profile),
        match_emails.introduction(w.match, w.mentee, partner_profile=w.mentor.profile),
    ],
    "plans.checkpoint_reminder": lambda w: [
        plan_emails.checkpoint_reminder(
            w.checkpoint, person, mentor=w.mentor, point=w.point, today=timezone.localdate()
        )
        for person in (w.mentee, w.mentor)
    ],
    "plans.version_shared": lambda w: [plan_emails.version_shared(w.version, w.mentor, mentee=w.mentee)],
    "plans.comment": lambda w: [plan_emails.comment(w.comment, w.mentee), plan_emails.comment(w.reply, w.mentor)],
    "profiles.application_decided": lambda w: [
        profile_emails.application_decided(ProfileFactory(status=status)) for status in Status if status != "pending"
    ],
    "profiles.invitation": lambda w: [profile_emails.invitation(w.invitation)],
    "profiles.applications_digest": lambda w: [
        profile_emails.applications_digest(
            w.coordinator, new=[w.mentee.profile], waiting=3, day=timezone.localdate(), program=w.program
        )
    ],
    "profiles.account": lambda w: [
        profile_emails.account(name, to="an@example.org", context={"user": w.mentee, **context})
        for name, context in ACCOUNT_CONTEXTS.items()
    ],
    "profiles.account_as_allauth_wrote_it": lambda w: [
        profile_emails.account_as_allauth_wrote_it("password_changed", to="an@example.org", message=allauth_message())
    ],
    "match_requests.asked": lambda w: [request_emails.asked(request_choices(w)[2])],
    "match_requests.passed_on": lambda w: [request_emails.passed_on(*request_choices(w)[1:])],
    "match_requests.exhausted": lambda w: [request_emails.exhausted(request_choices(w)[0])],
    "match_requests.withdrawn": lambda w: [request_emails.withdrawn(request_choices(w)[2])],
    "support.urgent_concern": lambda w: [support_emails.urgent_concern(w.concern, w.coordinator)],
    "meetings.proposed": lambda w: [
        meeting_emails.proposed(meeting_step(w, "proposed")),
        meeting_emails.proposed(meeting_step(w, "countered")),
    ],
    "meetings.declined": lambda w: [meeting_emails.declined(meeting_step(w, "declined"))],
    "meetings.invitation": lambda w: [
        meeting_emails.invitation(meeting_step(w, kind), person)
        for kind in ("accepted", "rescheduled", "cancelled")
        for person in (w.mentor, w.mentee)
    ],
    "meetings.withdrawn": lambda w: [meeting_emails.withdrawn(meeting_step(w, "cancelled"))],
    "meetings.reminder": lambda w: [meeting_emails.reminder(meeting_step(w, "accepted").meeting, w.mentee)],
    "meetings.ask": lambda w: [meeting_emails.ask(meeting_step(w, "accepted").meeting, w.mentor)],
    "support.concern_status": lambda w: [
        support_emails.concern_status(w.concern, status="acknowledged"),
        support_emails.concern_status(w.concern, status="resolved"),
    ],
    "dashboard.group_message": lambda w: [
        dashboard_emails.group_message(
            GroupMessage(
                pk=7,
                subject="Spring meetup & drinks",
                body="Join us on **Friday**:\n\n- 18:00, the library\n- [RSVP](https://example.org/rsvp)",
                group_label="All mentors",
            ),
            w.mentor,
        )
    ],
    "notifications.digest": lambda w: [
        notification_emails.digest(
            user_id=w.mentor.pk,
            to=w.mentor.email,
            name=w.mentor.get_short_name(),
            items=[
                Notification(user=w.mentor, kind="plans.comment", text="An replied on the plan.", url="/plans/1/"),
                Notification(user=w.mentor, kind="plans.shared", text="An shared a new version.", url=""),
            ],
            day=timezone.localdate(),
            program=program_context(w.program),
            reply_to=[w.program.contact_email],
        )
    ],
    "privacy.export_ready": lambda w: [
        privacy_emails.export_ready(DataExport.objects.create(user=w.mentee, requested_by=w.mentee, status="ready"))
    ],
}
# Written by the thousand and rendered by the worker: their context must come back whole from JSON.
RENDERED_BY_THE_WORKER = {"checkins.opened", "checkins.reminder", "notifications.digest", "dashboard.group_message"}


def kind_functions() -> dict:
    """Every kind of e-mail: the public functions of each app's ``emails.py`` that return an ``Email``."""
    found = {}
    for app in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{app.name}.emails")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app.name}.emails":
                raise
            continue
        for name, function in inspect.getmembers(module, inspect.isfunction):
            returns = inspect.signature(function).return_annotation
            if function.__module__ == module.__name__ and not name.startswith("_") and returns in ("Email", Email):
                found[f"{app.label}.{name}"] = function
    return found


@pytest.fixture
def strict_templates(settings):
    """A variable a template shows that the context lacks comes out as MISSING(...), not as nothing."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["string_if_invalid"] = "MISSING(%s)"
    settings.TEMPLATES = templates


def test_every_kind_of_email_is_tried_here():
    assert set(kind_functions()) == set(KINDS)


def test_every_kind_of_email_renders_whole(world, strict_templates):
    for kind, make in KINDS.items():
        emails = make(world)
        assert emails, kind
        for email in emails:
            context = email.context
            if kind in RENDERED_BY_THE_WORKER:
                context = json.loads(json.dumps(context, cls=DjangoJSONEncoder))
            rendered = email.rendered or render_email(email.name, context)
            for part in (rendered.subject, rendered.text, rendered.html):
                assert part.strip(), (kind, email.name)
                assert "{{" not in part, (kind, email.name)
                assert "}}" not in part, (kind, email.name)
                assert "{%" not in part, (kind, email.name)
                assert "MISSING(" not in part, (kind, email.name, re.findall(r"MISSING\([^)]*\)", part))
            assert email.to, (kind, email.name)
            assert email.reply_to == ["coordinator@example.org"], (kind, email.name)


def test_each_kind_keeps_its_own_outbox_key(world):
    """The keys that make e-mails at most once: one per kind and what it is about, never shared by two kinds."""
    keys: dict[str, str] = {}
    for kind, make in KINDS.items():
        for email in make(world):
            if email.key is not None:
                assert email.key not in keys, (kind, keys.get(email.key))
                keys[email.key] = kind
    assert keys[f"checkins.open:{world.checkin.pk}"] == "checkins.opened"
    assert keys[f"support.urgent:{world.concern.pk}:{world.coordinator.pk}"] == "support.urgent_concern"


PARTS = re.compile(r"(?P<name>.+)-(subject\.txt|body\.txt|body\.html)")
LAYOUT = {"base-body.txt", "base-body.html", "_button.html"}


def email_templates() -> dict[str, set[str]]:
    """{name: its parts} for every e-mail under templates/emails/ (the layout aside)."""
    root = Path(settings.BASE_DIR) / "templates" / "emails"
    found: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_dir() or relative in LAYOUT:
            continue
        match = PARTS.fullmatch(relative)
        assert match, f"templates/emails/{relative} is not an e-mail's subject or body"
        found.setdefault(match["name"], set()).add(match[2])
    return found


def test_every_email_template_belongs_to_a_kind_of_email_or_to_allauth(world):
    used = {email.name for make in KINDS.values() for email in make(world) if email.rendered is None}
    templates = email_templates()

    for name, parts in templates.items():
        assert parts == {"subject.txt", "body.txt", "body.html"}, name
        if name.startswith("account/"):
            try:  # an e-mail allauth sends, that profiles.emails.account writes in the program's words
                get_template(f"account/email/{name.removeprefix('account/')}_subject.txt")
            except TemplateDoesNotExist:
                pytest.fail(f"emails/{name} is not an e-mail allauth sends")
        else:
            assert name in used, f"emails/{name} is used by no kind of e-mail"
    assert used <= set(templates), "a kind of e-mail names a template that does not exist"


def test_an_allauth_email_without_our_templates_goes_out_in_allauths_words_with_the_programs_reply_to(
    world, django_capture_on_commit_callbacks
):
    from django.core import mail

    from profiles.adapters import AccountAdapter

    context = {"user": world.mentee, "ip": "192.0.2.1", "user_agent": "Firefox", "timestamp": timezone.now()}
    with django_capture_on_commit_callbacks(execute=True):
        AccountAdapter().send_mail("account/email/password_changed", "an@example.org", context)

    [sent] = [m for m in mail.outbox if m.to == ["an@example.org"]]  # the world's plan was news for Zoë
    assert sent.to == ["an@example.org"]
    assert "Password Changed" in sent.subject
    assert "Your password has been changed." in sent.body
    assert sent.reply_to == ["coordinator@example.org"]
