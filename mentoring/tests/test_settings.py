"""Settings come from the environment; production settings pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x7!Kq2@pL9#vR4$tM8^wZ1&nB6*cF3(hJ5)dG0-sYe4%Ua7+Wi2=Xo9",
    "ALLOWED_HOSTS": "mentoring.example.org",
    "DATABASE_URL": "sqlite:////tmp/deploy-check.sqlite3",
    "SITE_URL": "https://mentoring.example.org",
    "TIME_ZONE": "America/Edmonton",
    "ALLAUTH_TRUSTED_PROXY_COUNT": "1",
}


def manage(*args, **env):
    """Run manage.py in a fresh process with ``env`` (which beats anything in .env)."""
    # DEBUG too: reading .env into this process put it in os.environ.
    skip = {
        "REDIS_URL",
        "EMAIL_URL",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "DEBUG",
        "TIME_ZONE",
        "ALLAUTH_TRUSTED_PROXY_COUNT",
        "ALLAUTH_TRUSTED_CLIENT_IP_HEADER",
    }
    inherited = {k: v for k, v in os.environ.items() if k not in skip}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**inherited, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deploy_check_asks_for_the_programs_time_zone():
    unset = {k: v for k, v in PRODUCTION.items() if k != "TIME_ZONE"}

    result = manage("check", "--deploy", "--fail-level", "WARNING", **unset)

    assert result.returncode != 0
    assert "(mentoring.W001) TIME_ZONE is not set" in result.stderr + result.stdout
    assert "TIME_ZONE=America/Edmonton" in result.stderr + result.stdout
    assert manage("check", "--deploy", "--fail-level", "WARNING", **{**unset, "TIME_ZONE": "UTC"}).returncode == 0


def test_the_deploy_check_asks_how_clients_reach_the_app():
    """Unset, everyone behind a proxy shares its address: ten failed logins lock everyone out."""
    unset = {k: v for k, v in PRODUCTION.items() if k != "ALLAUTH_TRUSTED_PROXY_COUNT"}

    result = manage("check", "--deploy", "--fail-level", "WARNING", **unset)

    assert result.returncode != 0
    output = result.stderr + result.stdout
    assert "(mentoring.W002) Neither ALLAUTH_TRUSTED_PROXY_COUNT nor ALLAUTH_TRUSTED_CLIENT_IP_HEADER is set" in output
    assert "lock out everyone (the coordinator too)" in output
    assert "ALLAUTH_TRUSTED_PROXY_COUNT=0 if no proxy" in output
    for chosen in ({"ALLAUTH_TRUSTED_PROXY_COUNT": "0"}, {"ALLAUTH_TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"}):
        assert manage("check", "--deploy", "--fail-level", "WARNING", **unset, **chosen).returncode == 0, chosen


def test_debug_off_without_secret_key_refuses_to_start():
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": ""})

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_production_needs_the_site_address_for_links_in_emails():
    result = manage("check", **{**PRODUCTION, "SITE_URL": ""})

    assert result.returncode != 0
    assert "SITE_URL must be set when DEBUG is off" in result.stderr


def test_a_developers_env_file_never_turns_debug_on_where_a_secret_key_is_set():
    env = {k: v for k, v in PRODUCTION.items() if k != "DEBUG"}
    script = "from django.conf import settings; print('DEBUG', settings.DEBUG)"

    result = manage("shell", "-c", script, **env)

    assert (BASE_DIR / ".env").exists(), "make writes a .env with DEBUG=true; this test needs it"
    assert "DEBUG False" in result.stdout, result.stdout + result.stderr


def test_debug_set_in_the_environment_wins_over_the_env_file():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}  # DEBUG=false, no SECRET_KEY at all
    result = manage("check", **env)

    assert (BASE_DIR / ".env").exists(), "make writes a .env with DEBUG=true; this test needs it"
    assert result.returncode != 0, "the .env's DEBUG=true must not have been read"
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_beat_runs_its_jobs_at_the_programs_local_hours_through_daylight_saving_time():
    # When beat next opens check-ins (07:00 every day), asked in winter and in summer of an Alberta program.
    script = (
        "from datetime import datetime, timezone\n"
        "from mentoring.celery import app\n"
        "daily = app.conf.beat_schedule['checkins-daily']['schedule']\n"
        "for day in (datetime(2026, 1, 14, 15, tzinfo=timezone.utc), datetime(2026, 7, 14, 15, tzinfo=timezone.utc)):\n"
        "    last = day.astimezone(app.timezone)  # as beat has it: the app's now()\n"
        "    daily.nowfun = lambda: last\n"
        "    print((last + daily.remaining_estimate(last)).astimezone(timezone.utc).isoformat())\n"
    )
    result = manage("shell", "--no-imports", "-c", script, **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    # 07:00 MST is 14:00 UTC; 07:00 MDT is 13:00 UTC (not 07:00 UTC, midnight in Alberta).
    assert result.stdout.split() == ["2026-01-15T14:00:00+00:00", "2026-07-15T13:00:00+00:00"]
