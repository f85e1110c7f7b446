"""M8 in Chromium at phone width: a mentee asks three mentors in order; the first declines by the link in
his e-mail, the second accepts by hers; both get the introduction."""

import re
from pathlib import Path

import pytest
from django.core import mail

from match_requests.models import ChoiceStatus, MentorRequest, RequestStatus
from matches.models import Match, MatchStatus
from profiles.tests.factories import PASSWORD, TopicFactory
from tests.harness import browser_log_in

from .factories import mentee, mentor, requests_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SHOTS = Path("/tmp/requests-shots")
LINK = re.compile(r"https?://[^\s]+(/requests/answer/\d+/[^\s]+/)")


def answer_link(person) -> str:
    [message] = [m for m in mail.outbox if m.to == [person.email] and "would like you as a mentor" in m.subject]
    found = LINK.search(str(message.body))
    assert found, message.body
    return found.group(1)


def test_a_mentee_asks_three_in_order_the_first_declines_the_second_accepts(browser, live_server):
    SHOTS.mkdir(exist_ok=True)
    requests_on()
    networking = TopicFactory(name="Networking")
    lukasz = mentor("Łukasz Nowak", user__email="lukasz@example.org", years_experience=12)
    grace = mentor("Grace Okafor", user__email="grace@example.org", user__called="Grace")
    zoe = mentor("Zoë Fairbairn", user__email="zoe@example.org", city="Calgary")
    lukasz.profile.expertise.set([networking])
    aisha = mentee("Aisha Rahman", user__email="aisha@example.org")
    aisha.profile.focus_areas.set([networking])

    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    browser_log_in(page, live_server.url, aisha.email, PASSWORD)
    page.get_by_role("link", name="Choose a mentor").click()
    page.get_by_role("heading", name="Choose a mentor").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=SHOTS / "1-choose.png", full_page=True)
    page.get_by_label("First choice").select_option(label="Łukasz Nowak")
    page.get_by_label("Second choice (optional)").select_option(label="Grace Okafor")
    page.get_by_label("Third choice (optional)").select_option(label="Zoë Fairbairn")
    page.get_by_label("A short note to the mentors you ask").fill("I would like to practise interviews.")
    page.get_by_role("button", name="Send my request").click()
    page.get_by_text("Your request is on its way").wait_for()
    page.screenshot(path=SHOTS / "2-request.png", full_page=True)
    context.close()

    # Łukasz declines from the link in his e-mail, on his phone, without logging in.
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + answer_link(lukasz))
    page.get_by_text("I would like to practise interviews.").wait_for()
    page.get_by_label("No, not this time").check()
    page.get_by_label("Why not (for the coordinator only)").fill("I am travelling for work until March.")
    page.screenshot(path=SHOTS / "3-answer.png", full_page=True)
    page.get_by_role("button", name="Send my answer").click()
    page.get_by_text("The request goes to the mentee's next choice").wait_for()
    context.close()

    # Grace, asked next, accepts by hers.
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + answer_link(grace))
    page.get_by_label("Yes, I will be the mentor").check()
    page.get_by_role("button", name="Send my answer").click()
    page.get_by_text("You and Aisha Rahman are matched").wait_for()
    page.screenshot(path=SHOTS / "4-accepted.png", full_page=True)
    context.close()

    match = Match.objects.get(mentee=aisha)
    assert (match.mentor, match.status) == (grace, MatchStatus.ACTIVE)
    request = MentorRequest.objects.get()
    assert request.status == RequestStatus.MATCHED
    assert dict(request.choices.values_list("mentor__name", "status")) == {
        "Łukasz Nowak": ChoiceStatus.DECLINED,
        "Grace Okafor": ChoiceStatus.ACCEPTED,
        "Zoë Fairbairn": ChoiceStatus.WITHDRAWN,
    }
    for person, partner in ((aisha, grace), (grace, aisha)):
        introductions = [m for m in mail.outbox if m.to == [person.email] and f", {partner.name}" in m.subject]
        assert len(introductions) == 1, f"{person} should get one introduction to {partner}"
    assert not [m for m in mail.outbox if m.to == [zoe.email]], "the third choice was never asked"

    context = browser.new_context(**PHONE)
    page = context.new_page()
    browser_log_in(page, live_server.url, aisha.email, PASSWORD)
    page.get_by_text("Grace Okafor").first.wait_for()
    page.screenshot(path=SHOTS / "5-mentee-home.png", full_page=True)
    context.close()
