"""Every plan URL for every role: the mentee, the current mentor, a former mentor, another mentor, another
mentee, the coordinator without and with sharing, and a visitor who is not logged in. Nobody else gets in (404),
and nothing changes for those refused."""

import pytest
from django.urls import reverse

from matches.services import match_close
from matches.tests.factories import MatchFactory
from plans.models import Comment, Plan
from profiles.tests.factories import ProfileFactory

from .factories import PlanFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "mentee",
    "mentor",
    "former_mentor",
    "other_mentor",
    "other_mentee",
    "coordinator",
    "coordinator_shared",
    "anonymous",
]
OK, MOVED, NO = 200, 302, 404

# (name, method, statuses for ROLES in order). 302 for a POST that worked (it redirects back) and for the visitor
# (sent to log in).
TABLE = [
    ("detail", "get", [OK, OK, NO, NO, NO, OK, OK, MOVED]),
    ("edit", "get", [OK, NO, NO, NO, NO, NO, NO, MOVED]),
    ("edit", "post", [MOVED, NO, NO, NO, NO, NO, NO, MOVED]),
    ("action_status", "post", [MOVED, NO, NO, NO, NO, NO, NO, MOVED]),
    ("checkpoint_held", "post", [MOVED, NO, NO, NO, NO, NO, NO, MOVED]),
    ("versions", "get", [OK, OK, NO, NO, NO, NO, OK, MOVED]),
    ("version", "get", [OK, OK, NO, NO, NO, NO, OK, MOVED]),
    ("diff", "get", [OK, OK, NO, NO, NO, NO, OK, MOVED]),
    ("comments", "get", [OK, OK, NO, NO, NO, NO, NO, MOVED]),  # the pair's words, even when the plan is shared
    ("comments", "post", [MOVED, MOVED, NO, NO, NO, NO, NO, MOVED]),
    ("pdf", "get", [OK, OK, NO, NO, NO, NO, OK, MOVED]),
    # Not about one plan: the mentee's own plan (or an invitation to start one), and the coordinator's list.
    # (The other mentee has a plan of their own; a form based on another version than theirs is refused: 200.)
    ("mine", "get", [MOVED, NO, NO, NO, MOVED, NO, NO, MOVED]),
    ("create", "get", [MOVED, NO, NO, NO, MOVED, NO, NO, MOVED]),
    ("create", "post", [MOVED, NO, NO, NO, OK, NO, NO, MOVED]),
    ("overview", "get", [NO, NO, NO, NO, NO, OK, OK, MOVED]),
]


@pytest.fixture
def world(coordinator):
    """The mentee's plan, read by the mentor of the current match; an earlier match of the mentee closed."""
    mentee = ProfileFactory(user__name="Mira Mentee").user
    earlier = MatchFactory(mentee=mentee)
    match_close(match=earlier, by=coordinator, reason="not_a_fit", note="")
    current = MatchFactory(mentee=mentee)
    plan = PlanFactory(mentee=mentee, versions=2)
    thread = Comment.objects.create(plan=plan, author=current.mentor, body="A question", version=2)
    other = MatchFactory()
    PlanFactory(mentee=other.mentee)
    people = {
        "mentee": mentee,
        "mentor": current.mentor,
        "former_mentor": earlier.mentor,
        "other_mentor": other.mentor,
        "other_mentee": other.mentee,
        "coordinator": coordinator,
        "coordinator_shared": coordinator,
        "anonymous": None,
    }
    return {"plan": plan, "people": people, "thread": thread}


def url_of(name, plan):
    args = {
        "detail": [plan.pk],
        "edit": [plan.pk],
        "action_status": [plan.pk, 1, 1],
        "checkpoint_held": [plan.pk, 1],
        "versions": [plan.pk],
        "version": [plan.pk, 1],
        "diff": [plan.pk],
        "comments": [plan.pk],
        "pdf": [plan.pk],
    }.get(name, [])
    return reverse(f"plans:{name}", args=args)


def data_for(name, role, world):
    if name in ("edit", "create"):
        return {"based_on": world["plan"].version, "s1_goal": f"Written by {role} through {name}"}
    if name == "action_status":
        return {"status": "done"}
    if name == "comments":
        return {"body": f"Comment by {role}", "parent": world["thread"].pk}
    return {}


@pytest.mark.parametrize("role", ROLES)
def test_every_plan_url_answers_each_role_as_the_table_says(client, world, role):
    plan, person = world["plan"], world["people"][role]
    if role == "coordinator_shared":
        Plan.objects.filter(pk=plan.pk).update(shared_with_coordinator=True)
    if person is not None:
        client.force_login(person)
    found = {}
    for name, method, _statuses in TABLE:
        plan.refresh_from_db()
        before = (plan.version, Comment.objects.count())
        response = getattr(client, method)(url_of(name, plan), data_for(name, role, world))
        found[(name, method)] = response.status_code
        if response.status_code == MOVED and role == "anonymous":
            assert "/accounts/login/" in response["Location"], (name, method)
        if response.status_code == NO:
            plan.refresh_from_db()
            assert (plan.version, Comment.objects.count()) == before, f"{role} changed something through {name}"

    assert found == {(name, method): statuses[ROLES.index(role)] for name, method, statuses in TABLE}


def test_what_the_refused_post_would_have_written_is_nowhere(client, world):
    for role in ("former_mentor", "other_mentor", "other_mentee", "coordinator"):
        client.force_login(world["people"][role])
        for name in ("edit", "action_status", "checkpoint_held", "comments"):
            client.post(url_of(name, world["plan"]), data_for(name, role, world))
    plan = world["plan"]
    plan.refresh_from_db()
    assert plan.version == 2
    assert list(Comment.objects.values_list("body", flat=True)) == ["A question"]


def test_an_unknown_plan_or_version_is_not_found(client, world):
    plan = world["plan"]
    client.force_login(world["people"]["mentee"])
    assert client.get(reverse("plans:detail", args=[plan.pk + 100])).status_code == 404
    assert client.get(reverse("plans:version", args=[plan.pk, 99])).status_code == 404
    response = client.get(reverse("plans:diff", args=[plan.pk]), {"from": "x", "to": "99"}, follow=True)
    assert response.status_code == 200
    assert "Choose two versions between 1 and 2 to compare." in response.content.decode()


def test_the_coordinator_follows_every_plan_link_to_a_page_that_opens(client, demo_program):
    """27.28: a coordinator met 404 on /plans/<id>/versions/. In the demo Aisha shares her plan and Priya
    does not: from each plan's page, every link within the plan's pages opens for the coordinator, and the
    unshared plan offers no link to its versions (which stay 404: the text is the mentee's to share)."""
    import re

    from profiles.models import User

    coordinator = User.objects.get(email="coordinator@example.com")
    client.force_login(coordinator)
    shared = Plan.objects.get(mentee__email="aisha@example.com")
    private = Plan.objects.get(mentee__email="priya@example.com")
    assert shared.shared_with_coordinator
    assert not private.shared_with_coordinator

    seen, queue = set(), [shared.get_absolute_url(), private.get_absolute_url()]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        if not response["Content-Type"].startswith("text/html"):
            continue  # the PDF
        for link in re.findall(r'href="(/plans/\d+/[^"#?]*)', response.content.decode()):
            queue.append(link)

    assert reverse("plans:versions", args=[shared.pk]) in seen
    assert reverse("plans:version", args=[shared.pk, 1]) in seen
    assert not any(url.startswith(f"/plans/{private.pk}/versions") for url in seen)
    assert client.get(reverse("plans:versions", args=[private.pk])).status_code == 404
