"""The coordinator's list of action plans: its rows, written by the ``overview_rows`` tag, are the HTML the
template's loop wrote."""

from datetime import date
from types import SimpleNamespace

from django.template import Context, Template
from django.urls import reverse

# The loop of plans/overview.html the tag replaced, as it was.
LOOP = """{% for match in page.object_list %}<tr>
      <td>{% if match.plan_version %}<a href="{% url 'plans:detail' match.plan_id %}">{{ match.mentee.name }}</a>{% else %}{{ match.mentee.name }}{% endif %} <span class="text-body-secondary">with</span> <a href="{{ match.get_absolute_url }}">{{ match.mentor.name }}</a>{% if match.plan_shared %} <span class="badge text-bg-light border">shared</span>{% endif %}</td>
      <td>{% if match.plan_version %}{{ match.plan_version }}{% else %}<span class="text-body-secondary">not started</span>{% endif %}</td>
      <td class="text-end">{{ match.plan_goals }}</td>
      <td class="text-end">{{ match.plan_actions_done }} of {{ match.plan_actions }}</td>
      <td class="text-end{% if match.plan_actions_overdue %} text-danger fw-semibold{% endif %}">{{ match.plan_actions_overdue }}</td>
      <td class="small">{{ match.plan_checkpoints_held }} of {{ match.plan_checkpoints }} held{% if match.plan_checkpoints_overdue %} · <span class="text-danger">{{ match.plan_checkpoints_overdue }} overdue</span>{% endif %}{% if match.plan_next_checkpoint %} · next {{ match.plan_next_checkpoint|date:"j M" }}{% endif %}</td>
    </tr>{% endfor %}"""  # noqa: E501


def _match(pk, mentee, mentor, **figures):
    return SimpleNamespace(
        pk=pk,
        mentee=SimpleNamespace(name=mentee),
        mentor=SimpleNamespace(name=mentor),
        get_absolute_url=lambda: f"/coordinator/matches/{pk}/",
        **figures,
    )


def test_the_rows_are_the_loops_html_for_plans_started_or_not_shared_or_not_overdue_or_not():
    started = {
        "plan_version": 3,
        "plan_id": 41,
        "plan_shared": True,
        "plan_goals": 2,
        "plan_actions_done": 1,
        "plan_actions": 5,
        "plan_actions_overdue": 2,
        "plan_checkpoints_held": 1,
        "plan_checkpoints": 3,
        "plan_checkpoints_overdue": 1,
        "plan_next_checkpoint": date(2026, 3, 4),
    }
    not_started = {
        "plan_version": None,
        "plan_id": None,
        "plan_shared": False,
        "plan_goals": 0,
        "plan_actions_done": 0,
        "plan_actions": 0,
        "plan_actions_overdue": 0,
        "plan_checkpoints_held": 0,
        "plan_checkpoints": 0,
        "plan_checkpoints_overdue": 0,
        "plan_next_checkpoint": None,
    }
    matches = [
        _match(7, 'Zoë "<b>" O\'Brien & co', "Grace <Hopper>", **started),
        _match(8, "Aisha", "Søren", **not_started),
        _match(9, "Lea", "Zoe", **{**started, "plan_shared": False, "plan_actions_overdue": 0, "plan_version": 1}),
    ]
    context = Context({"matches": matches})

    written = Template("{% load overview_rows %}{% overview_rows matches %}").render(context)

    assert written == Template(LOOP.replace("page.object_list", "matches")).render(context)
    assert "Zoë &quot;&lt;b&gt;&quot; O&#x27;Brien &amp; co" in written
    assert "next 4 Mar" in written
    assert "not started" in written
    assert f'<a href="{reverse("plans:detail", args=[41])}">Zoë' in written
