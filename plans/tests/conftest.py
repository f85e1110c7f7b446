import re

import pytest

from matches.tests.factories import MatchFactory
from profiles.tests.factories import ProfileFactory


@pytest.fixture
def match():
    """An active match whose two people have names with accents."""
    mentor = ProfileFactory(mentor=True, user__name="Zoë Fairbairn", user__email="zoe@example.org").user
    mentee = ProfileFactory(user__name="Nguyễn Văn An", user__email="an@example.org").user
    return MatchFactory(mentor=mentor, mentee=mentee)


def text_of(response) -> str:
    """The page with its whitespace runs read as one space."""
    return re.sub(r"\s+", " ", response.content.decode())
