"""Change tokens (core.tokens): read once per request, a write of the request's own seen at once."""

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started

from core import tokens

KEY = "tests.tokens"


def setup_function():
    cache.clear()


def test_outside_a_request_every_call_reads_the_cache():
    first = tokens.token(KEY)
    cache.set(KEY, "another process wrote", timeout=None)
    assert tokens.token(KEY) == "another process wrote" != first


@pytest.mark.django_db
def test_a_request_reads_each_token_once_and_sees_its_own_replacement():
    request_started.send(sender=None)
    try:
        first = tokens.token(KEY)
        cache.set(KEY, "another process wrote", timeout=None)
        assert tokens.token(KEY) == first  # as if read when the request began
        tokens.replace(KEY)  # this request's own write: what it derived is stale
        replaced = tokens.token(KEY)
        assert replaced not in (first, "another process wrote")
        assert replaced == cache.get(KEY)
    finally:
        request_finished.send(sender=None)
    cache.set(KEY, "after the request", timeout=None)
    assert tokens.token(KEY) == "after the request"
