"""Reading what follows partnerships: survey results by program year, nominations, thanks."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, Q
from django.utils import timezone

from profiles.models import ProgramSettings, Role

from .models import Nomination, Survey, ThankYou


@dataclass
class YearSummary:
    year: int
    label: str
    sent: int
    answered: int
    average: float | None
    mentor_average: float | None
    mentee_average: float | None
    again_yes: int
    again_asked: int

    @property
    def again_rate(self) -> int | None:
        """Who would take part again, as a whole percentage of those who said yes or no."""
        return round(100 * self.again_yes / self.again_asked) if self.again_asked else None

    @property
    def response_rate(self) -> int | None:
        return round(100 * self.answered / self.sent) if self.sent else None


def survey_years(program: ProgramSettings | None = None) -> list[YearSummary]:
    """Each program year's surveys: how many were sent and answered, the average rating (all, mentors,
    mentees) and the "would take part again" rate. One query."""
    program = program or ProgramSettings.load()
    answered = Q(answered_at__isnull=False)
    rows = (
        Survey.objects.values("program_year")
        .annotate(
            sent=Count("pk"),
            answered=Count("pk", filter=answered),
            average=Avg("rating", filter=answered),
            mentor_average=Avg("rating", filter=answered & Q(role=Role.MENTOR)),
            mentee_average=Avg("rating", filter=answered & Q(role=Role.MENTEE)),
            again_yes=Count("pk", filter=answered & Q(again=True)),
            again_asked=Count("pk", filter=answered & Q(again__isnull=False)),
        )
        .order_by("-program_year")
    )
    return [
        YearSummary(
            label=program.year_label(row["program_year"]),
            year=row["program_year"],
            **{k: v for k, v in row.items() if k != "program_year"},
        )
        for row in rows
    ]


def survey_answers(year: int | None = None):
    answers = Survey.objects.filter(answered_at__isnull=False).select_related(
        "person", "match__mentor", "match__mentee"
    )
    if year is not None:
        answers = answers.filter(program_year=year)
    return answers.order_by("-answered_at", "-pk")


def nominations(year: int | None = None):
    found = Nomination.objects.select_related("mentor", "mentee")
    if year is not None:
        found = found.filter(program_year=year)
    return found.order_by("-program_year", "mentor__name", "-created_at")


def nomination_years() -> list[int]:
    return list(Nomination.objects.order_by("-program_year").values_list("program_year", flat=True).distinct())


def thanks_for(mentor):
    return ThankYou.objects.filter(mentor=mentor).select_related("mentee").order_by("-created_at", "-pk")


def thanks_count(mentor) -> int:
    return ThankYou.objects.filter(mentor=mentor).count()


def surveys_waiting(person):
    """The closing surveys the person has not answered yet, with their matches' people."""
    return Survey.objects.filter(person=person, answered_at__isnull=True).select_related(
        "match__mentor", "match__mentee"
    )


def thanks_sent(match, mentee):
    """The notes ``mentee`` sent their mentor in ``match``, the latest first: the thank-you form shows them."""
    return ThankYou.objects.filter(match=match, mentee=mentee).order_by("-created_at", "-pk")


def nomination_this_year(match, mentee, program: ProgramSettings) -> Nomination | None:
    """``mentee``'s nomination of ``match``'s mentor this program year (one a year; sending again replaces it)."""
    year = program.year_of(timezone.localdate())
    return Nomination.objects.filter(mentee=mentee, mentor_id=match.mentor_id, program_year=year).first()
