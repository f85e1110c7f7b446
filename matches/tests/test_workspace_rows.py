"""The workspace's lists, written by the ``workspace_rows`` tags from the selectors' rows, are the HTML the
template's loops wrote from the models."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone

from matches import selectors
from matches.models import CloseReason, MatchStatus
from matches.tests.factories import MatchFactory
from profiles.tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

# The loops of matches/workspace.html the tags replaced, as they were.
WAITING = """{% for profile in waiting %}
            <tr>
              <td>{{ profile.user.name }}{% if profile.rematching %} <span class="badge text-bg-warning">Re-matching</span>{% endif %}<div class="small text-body-secondary">{{ profile.get_category_display }}</div></td>
              <td>{{ profile.discipline }}</td>
              <td>{{ profile.reviewed_at|default:profile.submitted_at|date:"j M Y" }}</td>
              <td class="text-end"><a class="btn btn-sm btn-outline-primary" href="{% url 'matches:suggestions' profile.user_id %}">Suggestions<span class="visually-hidden"> for {{ profile.user.name }}</span></a></td>
            </tr>
          {% endfor %}"""  # noqa: E501
MENTORS = """{% for profile in mentors %}
          <li class="list-group-item d-flex justify-content-between align-items-center">
            <span>{{ profile.user.name }}<span class="d-block small text-body-secondary">{{ profile.discipline }}</span></span>
            <span class="small">{{ profile.taken }} of {{ profile.capacity }} taken</span>
          </li>
        {% endfor %}"""  # noqa: E501
STARTED = """{% for match in active %}
      <li class="list-group-item d-flex justify-content-between"><a href="{{ match.get_absolute_url }}">{{ match.mentee.name }} with {{ match.mentor.name }}</a><span class="small text-body-secondary">since {{ match.started_at|date:"j M Y" }}</span></li>
    {% endfor %}"""  # noqa: E501

ODD_NAME = 'Zoë "<b>" O\'Brien & co'


def _rows(tag: str, rows) -> str:
    return Template(f"{{% load workspace_rows %}}{{% {tag} rows %}}").render(Context({"rows": rows}))


def test_the_rows_are_the_loops_html_for_every_kind_of_mentee_mentor_and_match():
    now = timezone.now()
    ProfileFactory(user__name=ODD_NAME, discipline__name="Land & <water>", reviewed_at=now - timedelta(days=400))
    ProfileFactory(user__name="Not Reviewed", category="international", reviewed_at=None)
    ProfileFactory(user__name="Junior", category="junior", reviewed_at=now.replace(hour=23, minute=59))
    rematcher = ProfileFactory(user__name="Re Matcher").user
    MatchFactory(mentee=rematcher, status=MatchStatus.CLOSED, close_reason=CloseReason.NOT_A_FIT, closed_at=now)
    full = ProfileFactory(mentor=True, user__name="Full Mentor", capacity=1).user
    MatchFactory(mentor=full, mentee=ProfileFactory(user__name=ODD_NAME).user)
    ProfileFactory(mentor=True, user__name=ODD_NAME, capacity=3, discipline__name="<Survey>")
    half = ProfileFactory(mentor=True, user__name="Half Mentor", capacity=2).user
    MatchFactory(mentor=half, started_at=now - timedelta(days=3))
    MatchFactory(status=MatchStatus.PROPOSED, started_at=None)

    waiting_rows = list(selectors.waiting_kept())
    mentor_rows = list(selectors.mentors_free_kept())
    started = selectors.recently_started_kept(limit=20)
    assert len(waiting_rows) >= 4
    assert len(mentor_rows) >= 2
    assert len(started) == 2

    assert _rows("waiting_rows", waiting_rows) == Template(WAITING).render(
        Context({"waiting": list(selectors.waiting_mentees())})
    )
    assert _rows("mentor_rows", mentor_rows) == Template(MENTORS).render(
        Context({"mentors": list(selectors.mentors_with_free_places())})
    )
    assert _rows("started_rows", started) == Template(STARTED).render(
        Context({"active": list(selectors.recently_started(limit=20))})
    )
    written = _rows("waiting_rows", waiting_rows) + _rows("mentor_rows", mentor_rows)
    for seen in (
        "Zoë &quot;&lt;b&gt;&quot; O&#x27;Brien &amp; co",
        "Land &amp; &lt;water&gt;",
        "Re-matching",
        "Junior",
    ):
        assert seen in written
