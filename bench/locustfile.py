"""The load test's simulated people (run by bench/load.py, which prepares BENCH_LOAD_PLAN).

Participants answer their check-in through the link in their e-mail and log notebook entries;
coordinators page through the dashboard, the lists and an export. Every session is already logged
in (prepared by bench/load.py), as people who stay logged in are; cookies are sent by hand because
the app's cookies are Secure and the test talks plain HTTP on loopback.
"""

import itertools
import json
import os
import random
from datetime import datetime, timedelta
from pathlib import Path

import gevent
from locust import HttpUser, between, task

PLAN = json.loads(Path(os.environ["BENCH_LOAD_PLAN"]).read_text())
CSRF = "loadtestcsrfsecret0123456789abcd"  # 32 characters: Django takes it as the cookie's secret
_participants = itertools.cycle(PLAN["participants"])
_coordinators = itertools.cycle(PLAN["coordinators"])


def _cookie(session):
    return {"Cookie": f"sessionid={session}; csrftoken={CSRF}"}


class Participant(HttpUser):
    fixed_count = len(PLAN["participants"])
    wait_time = between(10, 30)  # reading the page and filling the form, as people do

    def on_start(self):
        self.me = next(_participants)
        self.headers = _cookie(self.me["session"])
        self.rng = random.Random(self.me["checkin"])
        gevent.sleep(self.rng.uniform(0, 30))  # people arrive over time, not all in the same second

    @task(2)
    def answer_checkin(self):
        link = self.me["link"]
        self.client.get(link, headers=self.headers, name="checkin link (GET)")
        if self.me["role"] == "mentor":
            data = {
                "update": "We met and talked about the certification.",
                "partnership_status": "going_well",
                "hours_in_person": "1.5",
                "hours_email": "0.25",
                "hours_video": "1",
                "hours_phone": "0",
                "hours_other": "0",
            }
        else:
            data = {"update": "Going well, thank you.", "continues": "yes", "concern": ""}
        with self.client.post(
            link,
            data={**data, "csrfmiddlewaretoken": CSRF},
            headers=self.headers,
            name="checkin link (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"answer not saved: HTTP {response.status_code}")

    @task(3)
    def log_notebook_entry(self):
        url = f"/matches/{self.me['match']}/notebook/"
        self.client.get(url, headers=self.headers, name="notebook (GET)")
        day = datetime.now().astimezone().date() - timedelta(days=self.rng.randint(0, 20))
        data = {
            "date": day.isoformat(),
            "form": self.rng.choice(["video", "phone", "in_person"]),
            "minutes": self.rng.choice([30, 45, 60]),
            "topics": "Load test",
            "notes": "Notes.",
            "csrfmiddlewaretoken": CSRF,
        }
        with self.client.post(
            url, data=data, headers=self.headers, name="notebook (POST)", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"entry not logged: HTTP {response.status_code}")


class Coordinator(HttpUser):
    fixed_count = len(PLAN["coordinators"])
    wait_time = between(3, 8)

    def on_start(self):
        self.headers = _cookie(next(_coordinators))
        self.rng = random.Random()
        gevent.sleep(self.rng.uniform(0, 8))

    @task(4)
    def dashboard(self):
        self.client.get("/coordinator/dashboard/", headers=self.headers, name="dashboard")

    @task(3)
    def participants(self):
        page = self.rng.randint(1, 200)
        self.client.get(f"/coordinator/participants/?page={page}", headers=self.headers, name="participants page")

    @task(3)
    def matches(self):
        page = self.rng.randint(1, 80)
        self.client.get(f"/coordinator/matches/?page={page}", headers=self.headers, name="matches page")

    @task(1)
    def export(self):
        self.client.get("/coordinator/exports/matches.csv", headers=self.headers, name="matches CSV")
