"""The development commands the README and `make run` give work as printed (27.1, 27.2)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

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


def _without_site_url():
    return {k: v for k, v in os.environ.items() if k != "SITE_URL"}
