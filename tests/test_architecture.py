"""Imports only go down the floors listed in docs/architecture.md."""

from __future__ import annotations

import ast
import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
ARCHITECTURE = BASE_DIR / "docs" / "architecture.md"


def floors_from(markdown: str) -> dict[str, int]:
    """{app: floor} from the ```floors block of the architecture page."""
    block = re.search(r"```floors\n(.*?)```", markdown, re.S)
    assert block, "docs/architecture.md has no ```floors block"
    floors = {}
    for line in block.group(1).splitlines():
        number, _, apps = line.partition(":")
        for app in apps.split():
            floors[app] = int(number.split()[-1])
    return floors


def imported_apps(source: str, apps: set[str]) -> list[tuple[int, str]]:
    """(line, app) for every absolute import of one of ``apps``, at any depth of the module."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [(node.lineno, name.split(".")[0]) for name in names if name.split(".")[0] in apps]
    return found


def wrong_way_imports(root: Path, floors: dict[str, int]) -> list[str]:
    """Every import from an app to one beside or above it, as ``path:line: a (floor n) imports b (floor m)``."""
    problems = []
    for app, floor in floors.items():
        for path in sorted((root / app).rglob("*.py")):
            parts = path.relative_to(root).parts
            if "tests" in parts or "migrations" in parts:
                continue
            for line, target in imported_apps(path.read_text(), set(floors)):
                if target != app and floors[target] >= floor:
                    problems.append(
                        f"{path.relative_to(root)}:{line}: {app} (floor {floor}) imports {target} (floor {floors[target]})"
                    )
    return problems


def test_every_app_of_the_project_has_a_floor():
    from django.conf import settings

    ours = {app for app in settings.INSTALLED_APPS if (BASE_DIR / app / "apps.py").exists()}

    assert ours <= set(floors_from(ARCHITECTURE.read_text()))


def test_imports_only_go_down():
    assert wrong_way_imports(BASE_DIR, floors_from(ARCHITECTURE.read_text())) == []


def test_the_rule_catches_an_import_sideways_or_up(tmp_path):
    floors = {"outbox": 0, "profiles": 1, "agreements": 2, "plans": 2}
    for app in floors:
        (tmp_path / app).mkdir()
    (tmp_path / "outbox" / "services.py").write_text("from profiles.models import ProgramSettings\n")
    (tmp_path / "plans" / "views.py").write_text("def f():\n    import agreements.selectors\n")
    (tmp_path / "agreements" / "services.py").write_text(
        "from outbox.services import email_queue\nfrom . import models\n"
    )
    (tmp_path / "profiles" / "tests").mkdir()
    (tmp_path / "profiles" / "tests" / "test_x.py").write_text("import plans\n")

    assert wrong_way_imports(tmp_path, floors) == [
        "outbox/services.py:1: outbox (floor 0) imports profiles (floor 1)",
        "plans/views.py:2: plans (floor 2) imports agreements (floor 2)",
    ]
