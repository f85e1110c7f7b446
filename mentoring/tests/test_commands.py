"""The development commands the README and `make run` give work as printed (27.1, 27.2)."""

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mentoring.management.commands.seed_demo import DEMO_TOTP_SECRET
from profiles.mfa import totp_code

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_writes_the_address_it_serves_where_every_process_reads_it(tmp_path):
    """`make run PORT=8123` puts SITE_URL in .env (settings read it in every process, e.g. send_checkins),
    replacing an earlier one and keeping the rest."""
    shutil.copy(BASE_DIR / "Makefile", tmp_path / "Makefile")
    (tmp_path / ".env").write_text("DEBUG=true\nSITE_URL=http://127.0.0.1:8000\n")

    subprocess.run(["make", "-s", "site-url", "PORT=8123"], cwd=tmp_path, check=True, env=_without_site_url())

    assert (tmp_path / ".env").read_text() == "DEBUG=true\nSITE_URL=http://127.0.0.1:8123\n"
    subprocess.run(
        ["make", "-s", "site-url", "HOST=0.0.0.0", "PORT=9000"], cwd=tmp_path, check=True, env=_without_site_url()
    )
    assert (tmp_path / ".env").read_text().count("SITE_URL=") == 1
    assert "SITE_URL=http://0.0.0.0:9000\n" in (tmp_path / ".env").read_text()


def test_the_demo_code_command_prints_the_coordinators_current_code():
    result = subprocess.run(
        [sys.executable, "manage.py", "demo_code"], cwd=BASE_DIR, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr
    code = re.search(r"Two-factor code for coordinator@example.com: (\d{6})", result.stdout).group(1)
    assert code in {totp_code(DEMO_TOTP_SECRET, at=time.time() - 30), totp_code(DEMO_TOTP_SECRET)}


@pytest.mark.django_db
def test_make_runs_demo_logins_name_the_working_command(settings, capsys):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo", "--if-empty")

    out = capsys.readouterr().out
    assert "manage.py demo_code" in out
    assert "python -c" not in out
    assert "manage.py demo_code" in (BASE_DIR / "README.md").read_text()


def _without_site_url():
    return {k: v for k, v in os.environ.items() if k != "SITE_URL"}
