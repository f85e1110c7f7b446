"""A mentee and a mentor with a full history, every text marked with who wrote it, beside another pair."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from agreements.tests.factories import SignatureFactory
from checkins.tests.factories import CheckInFactory, NotebookEntryFactory
from endings.models import Nomination, Survey, ThankYou
from matches.models import MatchStatus
from matches.tests.factories import MatchFactory
from outbox.models import Message
from plans.models import Comment
from plans.tests.factories import PlanContentFactory, PlanFactory
from profiles.models import Profile
from profiles.tests.factories import ProfileFactory
from support.models import Concern, ConcernEvent


@dataclass
class History:
    mentee: object
    mentor: object
    former_mentor: object
    match: object
    closed: object
    other_mentee: object
    other_mentor: object
    agreement: object
    concern: object


@pytest.fixture
def history(mentor, mentee, coordinator):
    """Mira (mentee) and Morgan (mentor), active; Mira's earlier partnership with Fiona, closed; Olga and Oscar
    another pair. Texts carry markers: MIRA-, MORGAN-, FIONA-, OLGA-, COORD-PRIVATE."""
    now = timezone.now()
    former = ProfileFactory(mentor=True, user__name="Fiona Former", user__email="fiona@example.org").user
    closed = MatchFactory(
        mentor=former,
        mentee=mentee,
        status=MatchStatus.CLOSED,
        started_at=now - timedelta(days=400),
        closed_at=now - timedelta(days=100),
        close_reason="completed",
    )
    match = MatchFactory(mentor=mentor, mentee=mentee)
    other_mentee = ProfileFactory(user__name="Olga Other", user__email="olga@example.org").user
    other_mentor = ProfileFactory(mentor=True, user__name="Oscar Otherment", user__email="oscar@example.org").user
    other = MatchFactory(mentor=other_mentor, mentee=other_mentee)

    Profile.objects.filter(user=mentee).update(
        bio="MIRA-BIO", goals="MIRA-GOALS", coordinator_notes="COORD-PRIVATE-NOTES"
    )
    CheckInFactory(match=match, role="mentee", status="answered", update="MIRA-CHECKIN", concern="MIRA-CHECKIN-CONCERN")
    CheckInFactory(match=match, role="mentor", status="answered", update="MORGAN-CHECKIN", hours_video=Decimal("3.5"))
    CheckInFactory(match=other, role="mentee", status="answered", update="OLGA-CHECKIN")
    CheckInFactory(
        match=closed,
        role="mentor",
        status="answered",
        update="FIONA-CHECKIN",
        hours_in_person=Decimal("2"),
        month=(now - timedelta(days=130)).date().replace(day=1),
        hours_month=(now - timedelta(days=160)).date().replace(day=1),
    )
    NotebookEntryFactory(match=match, author=mentee, notes="MIRA-NOTEBOOK", topics="MIRA-TOPICS")
    NotebookEntryFactory(match=match, author=mentor, notes="MORGAN-NOTEBOOK")
    NotebookEntryFactory(match=closed, author=former, notes="FIONA-NOTEBOOK", date=(now - timedelta(days=200)).date())
    NotebookEntryFactory(match=other, author=other_mentee, notes="OLGA-NOTEBOOK")

    content = PlanContentFactory(skills=["MIRA-PLAN-SKILL"])
    plan = PlanFactory(mentee=mentee, content=content)
    Comment.objects.create(plan=plan, author=mentor, body="MORGAN-COMMENT", version=plan.version)
    Comment.objects.create(plan=plan, author=mentee, body="MIRA-COMMENT", version=plan.version)
    PlanFactory(mentee=other_mentee, content=PlanContentFactory(skills=["OLGA-PLAN-SKILL"]))

    signature = SignatureFactory(agreement__match=match, signer=mentee)
    agreement = signature.agreement
    agreement.pdf.save("signed.pdf", ContentFile(b"%PDF-1.7 MIRA-SIGNED-AGREEMENT"), save=True)
    SignatureFactory(agreement=agreement, signer=mentor)

    concern = Concern.objects.create(reporter=mentee, match=match, category="other", text="MIRA-CONCERN")
    ConcernEvent.objects.create(concern=concern, actor=coordinator, to_status="open", note="COORD-PRIVATE-CONCERN")
    Concern.objects.create(reporter=other_mentee, match=other, category="other", text="OLGA-CONCERN")

    Survey.objects.create(
        match=closed,
        person=mentee,
        role="mentee",
        program_year=now.year,
        answered_at=now - timedelta(days=90),
        rating=5,
        helped_most="MIRA-SURVEY",
    )
    ThankYou.objects.create(match=closed, mentee=mentee, mentor=former, message="MIRA-THANKS")
    Nomination.objects.create(
        match=closed, mentee=mentee, mentor=former, award_name="Award", program_year=now.year, reason="MIRA-NOMINATION"
    )
    Message.objects.create(to=[mentee.email], subject="Hello Mira Mentee", text="Dear Mira Mentee", due_at=now)
    Message.objects.create(
        to=[mentor.email],
        subject="About your mentee",
        text="Your mentee Mira Mentee wrote.",
        due_at=now,
        status="sent",
        sent_at=now,
    )
    return History(mentee, mentor, former, match, closed, other_mentee, other_mentor, agreement, concern)
