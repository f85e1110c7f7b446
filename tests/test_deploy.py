"""The systemd units in deploy/systemd/ run the README's production commands and are restarted when they stop."""

import configparser
import re
import shutil
import subprocess

import pytest

from tests.harness import BASE_DIR

UNITS = BASE_DIR / "deploy" / "systemd"
CHECKOUT, VENV_BIN = "/srv/mentoring", "/srv/mentoring/.venv/bin/"  # the units' placeholders


def readme_commands() -> dict[str, str]:
    """{program: command} of the README's production block (gunicorn, the worker, beat), comments dropped."""
    readme = (BASE_DIR / "README.md").read_text()
    block = re.search(r"Then, from the checkout.*?```sh\n(.*?)```", readme, re.S)
    assert block, "the README's production commands"
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines()]
    wanted = {"gunicorn": "mentoring-web", " worker": "mentoring-worker", " beat": "mentoring-beat"}
    return {unit: command for command in commands for word, unit in wanted.items() if word in f" {command}"}


class UnitFile(configparser.ConfigParser):
    def optionxform(self, optionstr: str) -> str:
        return optionstr  # systemd's keys are case-sensitive


def unit(name: str) -> configparser.ConfigParser:
    parser = UnitFile(interpolation=None, strict=True)
    parser.read_string((UNITS / f"{name}.service").read_text())
    return parser


def test_the_readme_names_three_programs_and_a_unit_runs_each():
    commands = readme_commands()
    assert set(commands) == {"mentoring-web", "mentoring-worker", "mentoring-beat"}
    assert {path.stem for path in UNITS.glob("*.service")} == set(commands)


@pytest.mark.parametrize("name", ["mentoring-web", "mentoring-worker", "mentoring-beat"])
def test_each_unit_runs_the_readmes_command_from_the_checkout_and_is_always_restarted(name):
    service = unit(name)["Service"]

    assert service["Restart"] == "always"
    assert service["ExecStart"] == VENV_BIN + readme_commands()[name]
    assert service["WorkingDirectory"] == CHECKOUT
    assert service["EnvironmentFile"].startswith("/")
    assert unit(name)["Install"]["WantedBy"] == "multi-user.target"


def test_a_stopped_worker_finishes_its_running_task_first():
    service = unit("mentoring-worker")["Service"]
    assert service["KillMode"] == "mixed", "only the main process gets SIGTERM: a warm shutdown"
    assert int(service["TimeoutStopSec"]) > 300, "longer than the task time limit"


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_finds_nothing_to_say_about_the_units(tmp_path):
    # The placeholders pointed at this checkout, so that the commands exist.
    for path in UNITS.glob("*.service"):
        (tmp_path / path.name).write_text(path.read_text().replace(CHECKOUT, str(BASE_DIR)))

    verified = subprocess.run(
        ["systemd-analyze", "verify", *sorted(str(p) for p in tmp_path.glob("*.service"))],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert verified.returncode == 0, verified.stderr
    assert verified.stderr.strip() == "", verified.stderr
