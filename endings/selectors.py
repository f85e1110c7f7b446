"""Reading what follows partnerships: survey results by program year, nominations, thanks."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, Q
from django.utils import timezone

from agreements.selectors import DEFAULT_MIN_MONTHS, agreed_min_months
from matches.selectors import closed_in
from matches.survival import whole_months
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


def survey_answers_shown(year: int | None = None):
    """``survey_answers`` with only what the coordinator's page shows of them (the download reads them whole)."""
    return survey_answers(year).only(
        "role",
        "rating",
        "again",
        "goals_moved",
        "helped_most",
        "program_change",
        "person__name",
        "match__mentor__name",
        "match__mentee__name",
    )


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


# The program year in figures (R1) ------------------------------------------------------------------


@dataclass(frozen=True)
class Closure:
    """A partnership closed in the period, measured against its agreed minimum length (no names)."""

    months: int  # whole months it lasted
    min_months: int  # the minimum its pair signed, or the program's default
    close_reason: str
    category: str
    discipline: str

    @property
    def early(self) -> bool:
        return self.months < self.min_months


def closures_in(start_at, end_at) -> list[Closure]:
    """Partnerships closed from ``start_at`` up to ``end_at`` with their length and agreed minimum: early
    closures are those closed before the minimum in their signed partnership agreement, or the program's
    default where none was signed. Two queries."""
    closed = closed_in(start_at, end_at)
    agreed = agreed_min_months([c.match_id for c in closed])
    return [
        Closure(
            months=whole_months(timezone.localdate(c.started_at), timezone.localdate(c.closed_at)),
            min_months=agreed.get(c.match_id, DEFAULT_MIN_MONTHS),
            close_reason=c.close_reason,
            category=c.category or "",
            discipline=c.discipline or "",
        )
        for c in closed
    ]


@dataclass(frozen=True)
class SurveyRow:
    role: str
    rating: int | None
    again: bool | None
    category: str
    discipline: str


def survey_answers_in(year: int) -> list[SurveyRow]:
    """The answered closing surveys of program year ``year`` (ratings and "again" only, no names, no text),
    with the mentee's category and discipline. One query."""
    return [
        SurveyRow(*row)
        for row in Survey.objects.filter(program_year=year, answered_at__isnull=False)
        .values_list(
            "role", "rating", "again", "match__mentee__profile__category", "match__mentee__profile__discipline__name"
        )
        .order_by()
    ]


def thanks_in(start_at, end_at) -> int:
    """Thank-you notes written in the period. One query."""
    return ThankYou.objects.filter(created_at__gte=start_at, created_at__lt=end_at).count()


def nominations_in(year: int) -> int:
    """Award nominations of program year ``year``. One query."""
    return Nomination.objects.filter(program_year=year).count()


def thanks_sent(match, mentee):
    """The notes ``mentee`` sent their mentor in ``match``, the latest first: the thank-you form shows them."""
    return ThankYou.objects.filter(match=match, mentee=mentee).order_by("-created_at", "-pk")


def nomination_this_year(match, mentee, program: ProgramSettings) -> Nomination | None:
    """``mentee``'s nomination of ``match``'s mentor this program year (one a year; sending again replaces it)."""
    year = program.year_of(timezone.localdate())
    return Nomination.objects.filter(mentee=mentee, mentor_id=match.mentor_id, program_year=year).first()
