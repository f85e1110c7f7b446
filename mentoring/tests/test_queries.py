"""The pages people open first make a fixed number of queries (counted on the demo program): moving
the views' queries into selectors must not add one. Each count includes the bell's one query (the unread
notifications, notifications.context_processors.bell)."""

import pytest
from django.urls import reverse

from profiles.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("email", "url_name", "queries"),
    [
        # + the meetings waiting (to answer, planned, did you meet?), the requests waiting for her answer (M8),
        # and the demo pair's signatures (they signed their agreements; one query: who signed which)
        # The person's profile comes with them (profiles.backends), the plan with its current version.
        ("grace@example.com", "home", 13),
        ("aisha@example.com", "home", 11),
        # The coordinator's home counts the requests waiting for a mentor (M8): one more.
        ("coordinator@example.com", "home", 10),
        ("grace@example.com", "my_match", 5),
        ("aisha@example.com", "my_match", 5),
        # The workspace pages its lists from the kept pool (matches.pool: read once, then a page's 24 afresh,
        # without the topics it does not show), and keeps the counts of active and proposed matches and the
        # recently started ones under the same token.
        ("coordinator@example.com", "matches:workspace", 6),
    ],
)
def test_the_first_pages_make_a_fixed_number_of_queries(
    client, demo_program, django_assert_num_queries, email, url_name, queries
):
    client.force_login(User.objects.get(email=email))
    client.get(reverse(url_name))  # warm the caches (the program's settings, content types)

    with django_assert_num_queries(queries):
        response = client.get(reverse(url_name))

    assert response.status_code == 200
