"""The migration that adds structured times reads them from what people wrote before.

It also tidies cities and languages.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("profiles", "0004_after_a_partnership")
AFTER = ("profiles", "0005_structured_times_and_workplace_culture_topics")


@pytest.fixture
def executor():
    executor = MigrationExecutor(connection)
    yield executor
    # Whatever happened, the schema is the latest again for the tests after this one.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_existing_profiles_get_times_from_their_words_and_tidy_text(executor):
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps
    User, Profile, Discipline, Topic = (
        old.get_model("profiles", n) for n in ("User", "Profile", "Discipline", "Topic")
    )
    Topic.objects.get_or_create(name="Workplace culture")
    user = User.objects.create(email="old@example.org", name="Old Applicant")
    Profile.objects.create(
        user=user,
        role="mentor",
        status="approved",
        discipline=Discipline.objects.get_or_create(name="Geomatics")[0],
        channels=["video"],
        city="  Red   Deer ",
        languages=[" english", "English", "", "french "],
        meeting_frequency="monthly",
        contact_times="Evenings, or at the weekend",
        availability="Lunch hours",
        bio="Bio.",
        years_experience=5,
        capacity=1,
    )

    executor.loader.build_graph()
    executor.migrate([AFTER])
    new = executor.loader.project_state([AFTER]).apps
    profile = new.get_model("profiles", "Profile").objects.get(user__email="old@example.org")
    topic = new.get_model("profiles", "Topic").objects.get(name="Workplace culture")

    assert profile.city == "Red Deer"
    assert profile.languages == ["English", "French"]
    assert profile.contact_time_slots == ["weekday_evenings", "weekends"]
    assert profile.availability_slots == ["weekday_daytime", "weekday_evenings", "weekends"]
    assert topic.workplace_culture
