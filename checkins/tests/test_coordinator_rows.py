"""The coordinator's tables of answers, written by the ``checkin_rows`` and ``match_answer_rows`` tags, are the
HTML the templates' loops wrote."""

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import timezone

from checkins.models import HOURS_FIELDS, CheckInStatus
from checkins.selectors import checkins_of
from checkins.tests.factories import CheckInFactory
from matches.models import Match
from profiles.tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

# The loop of checkins/coordinator.html the tag replaced, as it was.
LOOP = """{% load hours %}{% for checkin in checkins %}
          <tr>
            <td>{{ checkin.person.name }}<div class="small text-body-secondary">{{ checkin.get_role_display }} · <a href="{{ checkin.match.get_absolute_url }}">{% if checkin.is_mentor %}with {{ checkin.match.mentee.name }}{% else %}with {{ checkin.match.mentor.name }}{% endif %}</a></div></td>
            <td class="small" data-label="Their answer">
              {% if checkin.status == "answered" %}<span class="badge text-bg-success">Answered {{ checkin.answered_at|date:"j M" }}</span>{% if checkin.late %} <span class="badge text-bg-warning">Late</span>{% endif %}
                {% if checkin.is_mentor %}<span class="fw-semibold">{{ checkin.get_partnership_status_display }}</span>{% else %}<span class="fw-semibold">{% if checkin.continues %}Carrying on{% else %}Wants to stop{% endif %}</span>{% endif %}
                <div>{{ checkin.update|truncatewords:30 }}</div>
                {% if checkin.concern %}<div class="text-danger"><span class="fw-semibold">Concern:</span> {{ checkin.concern }}</div>{% endif %}
              {% elif checkin.status == "missed" %}<span class="badge text-bg-danger">Missed</span>
              {% elif checkin.status == "withdrawn" %}<span class="badge text-bg-light border">Withdrawn: the partnership closed</span>
              {% else %}<span class="badge text-bg-secondary">Not answered yet</span>{% endif %}
            </td>
            <td data-label="Hours for {{ previous|date:'F' }}">{% if checkin.is_mentor and checkin.status == "answered" %}<strong>{{ checkin.total_hours|hours }} h</strong><div class="small text-body-secondary">{% for label, hours in checkin.hours_by_form %}{% if hours %}{{ label }} {{ hours|hours }} {% endif %}{% endfor %}</div>{% else %}—{% endif %}</td>
            <td class="small" data-label="E-mail">
              {% for kind, email in checkin.emails %}
                <div>{% if kind == "reminder" %}Reminder{% else %}Check-in{% endif %}:
                  {% if email.status == "sent" %}<span class="text-success">sent {{ email.sent_at|date:"j M, H:i" }}</span>
                  {% elif email.status == "failed" %}<span class="text-danger fw-semibold">failed</span> <span class="text-danger">({{ email.error|truncatechars:160 }})</span>
                  {% else %}<span>queued{% if email.attempts %}, tried {{ email.attempts }} time{{ email.attempts|pluralize }}{% endif %}</span>{% if email.error %} <span class="text-body-secondary">({{ email.error|truncatechars:120 }})</span>{% endif %}{% endif %}
                </div>
              {% empty %}<span class="text-body-secondary">none</span>
              {% endfor %}
            </td>
          </tr>
        {% endfor %}"""  # noqa: E501


def test_the_rows_are_the_loops_html_for_every_kind_of_checkin_and_email():
    now = timezone.now()
    mentee = ProfileFactory(user__name='Zoë "<b>" O\'Brien & co').user
    long = " ".join(f"word{i}" for i in range(40)) + " <script>"
    first = CheckInFactory(
        answered=True,
        match__mentee=mentee,
        late=True,
        partnership_status="some_concerns",
        update=long,
        concern="He <never> answers & I worry",
        **{HOURS_FIELDS[0].field: Decimal("1.50"), HOURS_FIELDS[-1].field: Decimal("0.25")},
    )
    checkins = [
        first,
        CheckInFactory(answered=True, match=first.match, person=mentee, role="mentee", continues=True),
        CheckInFactory(answered=True, role="mentee", continues=False, update="Short."),
        CheckInFactory(answered=True, partnership_status="going_well"),
        CheckInFactory(missed=True),
        CheckInFactory(status=CheckInStatus.WITHDRAWN),
        CheckInFactory(),
    ]
    emails = [
        [("open", SimpleNamespace(status="sent", sent_at=now - timedelta(days=40), error="", attempts=1))],
        [
            ("open", SimpleNamespace(status="sent", sent_at=now, error="", attempts=1)),
            ("reminder", SimpleNamespace(status="failed", sent_at=None, error="<550> " + "x" * 300, attempts=5)),
        ],
        [("open", SimpleNamespace(status="queued", sent_at=None, error="", attempts=0))],
        [("reminder", SimpleNamespace(status="queued", sent_at=None, error="timed out & " + "y" * 200, attempts=1))],
        [("open", SimpleNamespace(status="queued", sent_at=None, error="", attempts=3))],
        [],
        [],
    ]
    for checkin, sent in zip(checkins, emails, strict=True):
        checkin.emails = sent  # type: ignore[attr-defined]
        # As month_overview gives them: the names of the person and of their partner, and the match's page.
        partner = checkin.match.mentee if checkin.is_mentor else checkin.match.mentor
        checkin.person_name, checkin.partner_name = checkin.person.name, partner.name  # type: ignore[attr-defined]
        checkin.match_url = checkin.match.get_absolute_url()  # type: ignore[attr-defined]
    context = {"checkins": checkins, "previous": first.hours_month}

    written = Template("{% load checkin_rows %}{% checkin_rows checkins previous %}").render(Context(context))

    assert written == Template(LOOP).render(Context(context))
    assert "Zoë &quot;&lt;b&gt;&quot; O&#x27;Brien &amp; co" in written
    assert "He &lt;never&gt; answers &amp; I worry" in written
    for seen in ("Late", "Some concerns", "Carrying on", "Wants to stop", "Missed", "Withdrawn", "Not answered yet"):
        assert seen in written
    for seen in ("1.75 h", "failed</span>", "queued</span>", "tried 1 time</span>", "tried 3 times", "none</span>"):
        assert seen in written


# The loop of dashboard/match.html's table of answers the ``match_answer_rows`` tag replaced, as it was.
MONTHS_LOOP = """{% load hours %}{% for month, checkins in answers %}<tr>
            <th scope="row" class="text-nowrap">{{ month }}</th>{% for checkin in checkins %}
            <td>{% if not checkin %}—{% elif checkin.status == "answered" %}<span class="badge text-bg-success">Answered{% if checkin.late %}, late{% endif %}</span>
  {% if checkin.is_mentor %}<strong>{{ checkin.get_partnership_status_display }}</strong> · {{ checkin.total_hours|hours }} h{% else %}<strong>{% if checkin.continues %}Carrying on{% else %}Wants to stop{% endif %}</strong>{% endif %}
  {% if checkin.update %}<div>{{ checkin.update|truncatewords:25 }}</div>{% endif %}
  {% if checkin.concern %}<div class="text-danger"><strong>Concern:</strong> {{ checkin.concern }}</div>{% endif %}
{% elif checkin.status == "missed" %}<span class="badge text-bg-danger">Missed</span>{% elif checkin.status == "withdrawn" %}<span class="badge text-bg-light border">Withdrawn</span>{% else %}<span class="badge text-bg-secondary">Not answered yet</span>{% endif %}
</td>{% endfor %}
          </tr>{% endfor %}"""  # noqa: E501


def test_the_match_pages_answers_are_the_loops_html_for_every_kind_of_checkin():
    long = " ".join(f"word{i}" for i in range(40)) + " <script>"
    months = [date(2026, 12 - k, 1) for k in range(5)]
    mentor = CheckInFactory(
        answered=True,
        month=months[0],
        late=True,
        partnership_status="some_concerns",
        update=long,
        concern="He <never> answers & I worry",
        **{HOURS_FIELDS[0].field: Decimal("1.50"), HOURS_FIELDS[-1].field: Decimal("0.25")},
    )
    match = mentor.match

    def mentors(k, **fields):
        return CheckInFactory(match=match, month=months[k], **fields)

    def mentees(k, **fields):
        return CheckInFactory(match=match, person=match.mentee, role="mentee", month=months[k], **fields)

    answers = [
        ("Dec 2026", (mentor, mentees(0, answered=True, continues=True, update=""))),
        ("Nov <2026>", (mentors(1, answered=True), mentees(1, answered=True, continues=False))),
        ("Oct 2026", (mentors(2, missed=True), mentees(2, status=CheckInStatus.WITHDRAWN))),
        ("Sep 2026", (mentors(3), None)),
        ("Aug 2026", (None, mentees(4, missed=True))),
    ]
    context = {"answers": answers}

    written = Template("{% load checkin_rows %}{% match_answer_rows answers %}").render(Context(context))

    assert written == Template(MONTHS_LOOP).render(Context(context))
    assert "He &lt;never&gt; answers &amp; I worry" in written
    assert "Nov &lt;2026&gt;" in written
    for seen in (", late", "Some concerns", "1.75 h", "Carrying on", "Wants to stop", "Missed", "Withdrawn", "—"):
        assert seen in written
    assert "Not answered yet" in written


def test_checkins_of_names_each_person_from_the_match_read_with_its_partners(django_assert_num_queries):
    mentor = CheckInFactory(answered=True, month=date(2026, 11, 1))
    match = mentor.match
    CheckInFactory(match=match, person=match.mentee, role="mentee", month=date(2026, 11, 1))
    CheckInFactory(match=match, month=date(2026, 12, 1))
    expected = [
        (date(2026, 12, 1), match.mentor.name),
        (date(2026, 11, 1), match.mentee.name),  # "mentee" before "mentor"
        (date(2026, 11, 1), match.mentor.name),
    ]

    with_partners = Match.objects.select_related("mentor", "mentee").get(pk=match.pk)
    with django_assert_num_queries(1):  # the partners are not joined again
        rows = checkins_of(with_partners)
        assert [(row.month, row.person.name) for row in rows] == expected
    alone = Match.objects.get(pk=match.pk)
    with django_assert_num_queries(1):  # the partners joined, not read one by one
        rows = checkins_of(alone)
        assert [(row.month, row.person.name) for row in rows] == expected
