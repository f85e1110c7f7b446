"""No input answers 500: every form and query parameter, posted hostile and random values by the people
who see it.

Each kind of person (a visitor with the e-mailed links, an applicant, a mentee, a mentor, the
coordinator) walks the demo program from their home page, following every link they are shown;
every form on those pages and every parameter in those links is then sent values chosen to hurt
(numbers too large for any column, ids of 20 digits, 100,000 characters, NUL bytes, dates that do
not exist, other people's ids...) and, through hypothesis, random ones. The test fails on any answer
of 500 or more, naming the request.
"""

from __future__ import annotations

import random
import time
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from checkins.links import answer_url
from checkins.models import CheckIn
from endings.links import survey_url
from endings.models import Survey
from profiles.models import User
from support.links import report_url

pytestmark = pytest.mark.django_db

PEOPLE = {
    "visitor": None,
    "applicant": "lea@example.com",
    "mentee": "priya@example.com",
    "mentor": "zoe@example.com",
    "former mentee": "mateo@example.com",
    "coordinator": "coordinator@example.com",
}
# Pages not walked: logging out ends the walk; the admin has its own test (tests/test_admin.py);
# PDFs and CSVs are downloads (their query parameters are fuzzed from the forms that ask for them).
SKIP = ("/accounts/logout/", "/admin/", "/static/", "/media/")
SKIP_ENDINGS = ("/pdf/", ".csv", ".pdf")
MAX_PAGES = 300  # per person: a bound in case a page links to endless pages
PER_ROUTE = 4  # pages of one URL pattern walked (other matches' pages have the same forms)

# Sent to every form, in every field at once; the others (HOSTILE) in turns, a few per form.
ALWAYS = ["1e400", "1" + "0" * 19, "x" * 100_000, "a\x00b", "²", "-1", ""]
HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "1e400",
    "-1e400",
    "NaN",
    "Infinity",
    "1" + "0" * 19,
    "99999999999999999999999",
    "9223372036854775808",
    "2147483648",
    "32768",
    "0.0000001",
    "1,5",
    "²",
    "٣",
    "0x1F",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%s%s%n",
    "../../etc/passwd",
    "\u202e\ufeff\u200b",
    "2026-02-30",
    "0000-00-00",
    "9999-12-31",
    "99999-01-01",
    "2026-13",
    "-2026-01",
    "x" * 300,
    "é" * 1000,
    "x" * 100_000,
]


class _Page(HTMLParser):
    """The links and forms of a page: forms as (method, action, {name: [values seen]})."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[tuple[str, str, dict[str, list[str]]]] = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = ((attrs.get("method") or "get").lower(), attrs.get("action"), {})
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea", "select", "button") and attrs.get("name"):
            name = attrs["name"]
            if name == "csrfmiddlewaretoken":
                return
            values = self._form[2].setdefault(name, [])
            if attrs.get("value") is not None:
                values.append(attrs["value"])
            if tag == "select":
                self._select = values
        elif tag == "option" and self._select is not None and attrs.get("value") is not None:
            self._select.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _local(url: str, base: str) -> str | None:
    parts = urlsplit(url)
    elsewhere = parts.netloc not in ("", "testserver", "127.0.0.1:8000")
    if (parts.scheme or parts.netloc or url.startswith(("#", "mailto:", "tel:"))) and elsewhere:
        return None
    path = parts.path or urlsplit(base).path
    if not path.startswith("/"):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def walk(client: Client, start: list[str]):
    """Every page reachable from ``start`` by following links, with its forms and the query parameters seen."""
    seen: set[str] = set()
    queue = list(start)
    forms: list[tuple[str, str, dict[str, list[str]]]] = []
    params: dict[str, dict[str, list[str]]] = {}
    per_route: dict[str, int] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        path = url.split("?")[0]
        if url in seen or path.startswith(SKIP) or path.endswith(SKIP_ENDINGS):
            continue
        try:
            route = resolve(path).route
        except Resolver404:
            route = path
        per_route[route] = per_route.get(route, 0) + 1
        if per_route[route] > PER_ROUTE:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, f"GET {url}: {response.status_code}"
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(response.content.decode())
        for link in page.links:
            local = _local(link, url)
            if local:
                queue.append(local)
                query = urlsplit(local).query
                if query:
                    params.setdefault(urlsplit(local).path, {}).update(
                        {k: [v] for k, v in parse_qsl(query, keep_blank_values=True)}
                    )
        for method, action, fields in page.forms:
            target = _local(action, url) if action else url
            if target and not target.split("?")[0].startswith(SKIP):
                forms.append((method, target, fields))
    for path, fields in params.items():
        forms.append(("get", path, fields))
    # One of each form: the same form on another match's page tells nothing new.
    unique: dict[tuple[str, str, tuple[str, ...]], tuple[str, str, dict[str, list[str]]]] = {}
    for method, target, fields in forms:
        try:
            route = resolve(target.split("?")[0]).route
        except Resolver404:
            route = target
        unique.setdefault((method, route, tuple(sorted(fields))), (method, target, fields))
    return seen, list(unique.values())


def send(client: Client, method: str, target: str, data: dict, who: str, failures: dict) -> None:
    """Send ``data``; a 5xx (or what the view raised, which would be one) is kept in ``failures``."""
    try:
        if method == "post":
            response = client.post(target, data)
        else:
            path = target.split("?")[0]
            response = client.get(path + "?" + urlencode(data, doseq=True))
    except Exception as exc:  # the test client re-raises what the view raised: that would be a 500
        failures.setdefault(
            (method, target.split("?")[0], type(exc).__name__),
            f"{who}: {method.upper()} {target} {_short(data)} raised {exc!r}"[:400],
        )
        return
    if response.status_code >= 500:
        failures.setdefault(
            (method, target.split("?")[0], response.status_code),
            f"{who}: {method.upper()} {target} {_short(data)} -> {response.status_code}",
        )


def _short(data: dict) -> dict:
    return {k: (v[:40] + f"...({len(v)})" if isinstance(v, str) and len(v) > 40 else v) for k, v in data.items()}


def field_values(seen: list[str]):
    """Random text and numbers, the hostile list, and the values the page itself offered."""
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.text(max_size=40),
        st.integers().map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.dates().map(str),
        *([st.sampled_from(seen)] if seen else []),
    )


def test_no_input_answers_500(demo_program, settings):
    random.seed(14)
    started = time.monotonic()
    checkin = CheckIn.objects.filter(status="open", person__email="zoe@example.com").first()
    survey = Survey.objects.select_related("person").first()
    priya = User.objects.get(email="priya@example.com")
    links = [answer_url(checkin), report_url(person_id=priya.pk, match_id=None)]
    if survey:
        links.append(survey_url(survey))
    total, failures = 0, dict[str, str]()
    for who, email in PEOPLE.items():
        client = Client()
        if email:
            client.force_login(User.objects.get(email=email))
        start = ["/"] + (
            [
                *links,
                "/accounts/login/",
                "/accounts/signup/",
                "/accounts/password/reset/",
                "/accounts/login/code/",
                "/contact/",
            ]
            if email is None
            else []
        )
        t0 = time.monotonic()
        pages, forms = walk(client, start)
        print(who, len(pages), "pages", len(forms), "forms", f"{time.monotonic() - t0:.1f}s")
        for method, target, fields in forms:
            names = sorted(fields)
            if not names:
                continue
            # First the hostile values, each in every field at once, then hypothesis's own.
            for value in ALWAYS + [HOSTILE[(total + k) % len(HOSTILE)] for k in range(4)]:
                send(client, method, target, dict.fromkeys(names, value), who, failures)
                total += 1

            _fuzz_form(client, method, target, fields, who, failures)
            total += 6
    assert not failures, "\n".join(failures.values())
    assert total > 300, f"only {total} requests: the walk found too few forms"
    print(f"{total} requests in {time.monotonic() - started:.0f} s")


def _fuzz_form(client, method, target, fields, who, failures):
    """Hypothesis's own values (6 examples) in the form's fields."""

    @hypothesis_settings(
        max_examples=6, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    @given(st.fixed_dictionaries({}, optional={name: field_values(fields[name]) for name in sorted(fields)}))
    def fuzz(data):
        send(client, method, target, data, who, failures)

    fuzz()


def test_ids_too_long_for_any_column_are_not_found(client, coordinator, mentor):
    from tests.urlpatterns import fill, project_patterns

    huge = "9" * 20
    checked = []
    for found in project_patterns():
        if "<id:" not in found.route:
            assert "<int:" not in found.route, f"{found.name} takes <int:...>; use <id:...> (core/ids.py)"
            continue
        path = fill(found.route, {"id": huge, "kind": "partnership", "token": "x"})
        for person in (coordinator, mentor):
            client.force_login(person)
            assert client.get(path).status_code == 404, (found.name, path)
            assert client.post(path).status_code == 404, (found.name, path)
        checked.append(found.name)
    assert len(checked) > 30
