"""Fixtures every test may use: the program's people, a clean cache, in-process tasks."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test's thread; the ORM must be allowed beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# The tests' links: `make run PORT=...` writes the address it serves into .env, which must not move them
# (here for the processes tests start; the settings, and .env with them, are read before this file, hence
# ``_site_url`` below for this one).
TEST_SITE_URL = "http://127.0.0.1:8000"
os.environ["SITE_URL"] = TEST_SITE_URL

CHROMIUM = "/usr/bin/chromium"
COORDINATOR_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _clear_cache():
    # allauth keeps rate-limit counters in the cache; one test's must not limit the next.
    from django.core.cache import cache

    cache.clear()
    return


@pytest.fixture(autouse=True)
def _no_consent_asked(settings):
    # The consent page (privacy/middleware.py) would stand before every page a test opens; privacy's tests
    # and the browser tests of consent switch it back on.
    settings.PRIVACY_ASK_CONSENT = False


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = TEST_SITE_URL


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _tasks_in_process():
    """Run Celery tasks in-process in tests; the worker tests switch this off for themselves."""
    from tests.harness import celery_settings

    with celery_settings(task_always_eager=True, task_eager_propagates=True):
        yield


@pytest.fixture
def coordinator(db):
    from profiles.services import coordinator_create, totp_enroll
    from profiles.tests.factories import PASSWORD

    user, _ = coordinator_create(email="coordinator@example.org", name="Casey Coordinator", password=PASSWORD)
    totp_enroll(user=user, secret=COORDINATOR_TOTP_SECRET)  # coordinators have two-factor on (profiles/mfa.py)
    return user


@pytest.fixture
def mentor(db):
    from profiles.tests.factories import ProfileFactory

    return ProfileFactory(mentor=True, user__name="Morgan Mentor", user__email="mentor@example.org").user


@pytest.fixture
def mentee(db):
    from profiles.tests.factories import ProfileFactory

    return ProfileFactory(user__name="Mira Mentee", user__email="mentee@example.org").user


@pytest.fixture
def smtp():
    """A real SMTP server on loopback, for tests with a worker process."""
    from tests.harness import SMTPServer

    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def database_url(db):
    """A DATABASE_URL for a worker process to reach this test's database (PostgreSQL only)."""
    from django.db import connection

    from tests.harness import database_url_of

    url = database_url_of(connection.settings_dict)
    if url is None:
        pytest.skip("needs PostgreSQL (DATABASE_URL) so a worker process can see the test database")
    return url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; skipped, with the reason printed, where there is none."""
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # A desktop wide enough for the coordinator's menu on one line (1400 px; narrower, it folds into a button).
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def demo_program(settings, tmp_path):
    """The demo program, loaded as `make run` loads it (seed_demo runs only with DEBUG on), then served
    with DEBUG off as in production."""
    import io

    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
