"""Every reference between apps goes down the floors listed in docs/architecture.md.

An app uses only the apps on the floors below its own (the project, on the top floor, any of them),
whichever way it reaches them: a Python import; a URL name in ``reverse()``, ``reverse_lazy()``,
``redirect()`` or ``resolve_url()``; a template path in Python; and in its templates, a
``{% load %}`` of a tag library, a ``{% url %}`` or ``{% link %}`` name, an ``{% include %}`` or
``{% extends %}`` of a template in another app's directory.

Who owns what:
- a template under ``templates/<app>/`` belongs to ``<app>``, one under ``templates/emails/<app>/`` to the
  app whose e-mail it is; every other template (``base.html``, the error pages, the guide, allauth's)
  belongs to the project. The layouts outside an app's directory (``base.html``,
  ``emails/base-body.html``, ``emails/_button.html``) are the frame every floor hangs its pages in:
  extending or including them is no reference to an app;
- a URL name ``ns:name`` belongs to the app whose ``urls.py`` says ``app_name = "ns"`` (read from the
  URLconf); names without a namespace are the project's frame (home, My match, contact, the guide,
  allauth's pages), linked from every page as ``base.html`` is, and other namespaces (``admin``) are libraries';
- a tag library belongs to the app whose ``templatetags/`` holds it (``links`` is ``core``'s, registered
  in settings); other libraries (``static``, ``crispy_forms_tags``) are libraries'.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import cast

from django.template.base import Lexer, TokenType

BASE_DIR = Path(__file__).resolve().parent.parent
ARCHITECTURE = BASE_DIR / "docs" / "architecture.md"
PROJECT = "mentoring"
RULE = "an app uses only the apps on floors below its own"
REVERSING = {"reverse", "reverse_lazy", "redirect", "resolve_url"}

WAITING: set[str] = set()  # findings left for work under way in another branch (struck once gone)
CIRCLES_WAITING: set[str] = set()  # circles left for work under way in another branch (struck once gone)


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


def _wrong_way(where: str, what: str, owner: str, target: str | None, floors: dict[str, int]) -> list[str]:
    """The finding for ``owner`` using ``target`` (None: a library, or the frame), if it runs the wrong way."""
    if target is None or target == owner or floors[target] < floors[owner]:
        return []
    return [f"{where}: {what}: {owner} (floor {floors[owner]}) uses {target} (floor {floors[target]}); {RULE}"]


def _app_code(root: Path, floors: dict[str, int]):
    """(app, path, parsed module) for every module of the apps, tests and migrations aside."""
    for app in floors:
        for path in sorted((root / app).rglob("*.py")):
            parts = path.relative_to(root).parts
            if "tests" not in parts and "migrations" not in parts:
                yield app, path, ast.parse(path.read_text())


def imported_apps(module: ast.Module, apps: set[str]) -> list[tuple[int, str, str]]:
    """(line, app, statement) for every absolute import of one of ``apps``, at any depth of the module."""
    found = []
    for node in ast.walk(module):
        if isinstance(node, ast.Import):
            statements = [(alias.name, f"import {alias.name}") for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            statements = [(node.module, f"from {node.module} import …")]
        else:
            continue
        found += [(node.lineno, name.split(".")[0], text) for name, text in statements if name.split(".")[0] in apps]
    return found


def wrong_way_imports(root: Path, floors: dict[str, int]) -> list[str]:
    """Every import from an app to one beside or above it."""
    problems = []
    for app, path, module in _app_code(root, floors):
        for line, target, statement in imported_apps(module, set(floors)):
            problems += _wrong_way(f"{path.relative_to(root)}:{line}", statement, app, target, floors)
    return problems


def template_app(name: str, floors: dict[str, int]) -> str | None:
    """The app whose directory holds the template ``name`` (``plans/_plan.html``, ``emails/plans/x.txt``), or
    None for the frame and the project's own (``base.html``, ``emails/_button.html``, ``guide/…``)."""
    parts = PurePosixPath(name).parts
    if len(parts) > 2 and parts[0] == "emails":
        parts = parts[1:]
    return parts[0] if len(parts) > 1 and parts[0] in floors else None


def url_app(name: str, namespaces: Mapping[str, str | None]) -> str | None:
    """The app owning the URL name ``ns:name`` (None: a library's, or the frame's names without a namespace)."""
    namespace, colon, _ = name.partition(":")
    if not colon:
        return None
    assert namespace in namespaces, f"no URL namespace {namespace!r} (in {name!r})"
    return namespaces[namespace]


def wrong_way_urls(root: Path, floors: dict[str, int], namespaces: Mapping[str, str | None]) -> list[str]:
    """Every URL name an app reverses (or template path it names) that belongs to an app beside or above it."""
    problems = []
    template_path = re.compile(r"[\w.-]+(/[\w.-]+)+\.(html|txt)")
    for app, path, module in _app_code(root, floors):
        for node in ast.walk(module):
            where = f"{path.relative_to(root)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                function = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                name = node.args[0].value
                if function in REVERSING and isinstance(name, str) and ":" in name and "/" not in name:
                    problems += _wrong_way(where, f'{function}("{name}")', app, url_app(name, namespaces), floors)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and template_path.fullmatch(node.value):
                target = template_app(node.value, floors)
                problems += _wrong_way(where, f'the template "{node.value}"', app, target, floors)
    return problems


def template_references(source: str) -> list[tuple[int | None, str, str, str]]:
    """(line, kind, value, tag) for each tag library loaded, URL named and template included or extended."""
    found: list[tuple[int | None, str, str, str]] = []
    skipping = None
    for token in Lexer(source).tokenize():
        if token.token_type != TokenType.BLOCK:
            continue
        bits = token.split_contents()
        if skipping:  # the text of {% comment %} and {% verbatim %} is not read as tags
            skipping = None if bits[0] == skipping else skipping
            continue
        if bits[0] in ("comment", "verbatim"):
            skipping = f"end{bits[0]}"
        elif bits[0] == "load":
            libraries = bits[-1:] if "from" in bits else bits[1:]
            found += [(token.lineno, "library", library, f"{{% load {library} %}}") for library in libraries]
        elif bits[0] in ("url", "link", "include", "extends") and len(bits) > 1 and bits[1][0] in "'\"":
            kind = "url" if bits[0] in ("url", "link") else "template"
            found.append((token.lineno, kind, bits[1][1:-1], f"{{% {bits[0]} {bits[1]} %}}"))
    return found


def wrong_way_templates(
    templates: Path,
    floors: dict[str, int],
    namespaces: Mapping[str, str | None],
    libraries: Mapping[str, str | None],
) -> list[str]:
    """Every library, URL name or template a template uses that belongs to an app beside or above its own."""
    problems = []
    for path in sorted(p for p in templates.rglob("*") if p.is_file() and p.suffix in (".html", ".txt")):
        name = path.relative_to(templates).as_posix()
        owner = template_app(name, floors) or PROJECT
        for line, kind, value, tag in template_references(path.read_text()):
            if kind == "library":
                target = libraries.get(value)
            elif kind == "url":
                target = url_app(value, namespaces)
            else:
                target = template_app(value, floors)
            problems += _wrong_way(f"templates/{name}:{line}", tag, owner, target, floors)
    return problems


def the_projects_namespaces(floors: dict[str, int]) -> dict[str, str | None]:
    """{namespace: the app whose URLconf it is, or None for a library's (``admin``)}, from the real URLconf."""
    from django.urls import get_resolver

    owners: dict[str, str | None] = {}
    for namespace, (_, resolver) in get_resolver().namespace_dict.items():
        package = getattr(resolver.urlconf_module, "__name__", "").split(".")[0]
        owners[namespace] = package if package in floors else None
    return owners


def the_projects_libraries(floors: dict[str, int]) -> dict[str, str | None]:
    """{tag library: the app that holds it}, for the apps' templatetags and those named in settings."""
    from django.conf import settings

    owners: dict[str, str | None] = {
        path.stem: app
        for app in floors
        for path in (BASE_DIR / app / "templatetags").glob("*.py")
        if path.stem != "__init__"
    }
    options = cast(dict[str, dict[str, str]], settings.TEMPLATES[0]["OPTIONS"])
    libraries = options.get("libraries", {})
    for library, module in libraries.items():
        owners[library] = module.split(".")[0] if module.split(".")[0] in floors else None
    return owners


def _module_name(app_dir: Path, path: Path) -> str:
    parts = path.relative_to(app_dir).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_circles(root: Path, app: str) -> list[str]:
    """Circles of imports between the modules of ``app`` (imports inside functions count: they only put
    the circle off), each as ``app: a -> b -> a`` from its first module in alphabetical order."""
    paths = {
        _module_name(root / app, path): path
        for path in (root / app).rglob("*.py")
        if not {"tests", "migrations"} & set(path.relative_to(root).parts)
    }
    imports: dict[str, set[str]] = {module: set() for module in paths}
    for module, path in paths.items():
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = [*package[: len(package) - node.level + 1], *(node.module.split(".") if node.module else [])]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == app:
                base = node.module.split(".")[1:]
            elif isinstance(node, ast.Import):
                imports[module] |= {
                    name.partition(".")[2] for alias in node.names if (name := alias.name).startswith(f"{app}.")
                }
                continue
            else:
                continue
            named = {".".join([*base, alias.name]) for alias in node.names}
            imports[module] |= (named & paths.keys()) or {".".join(base)}
    circles = set()

    def walk(module: str, path: list[str]) -> None:
        for imported in sorted(imports[module] & paths.keys() - {module}):
            if imported in path:
                circle = path[path.index(imported) :]
                start = circle.index(min(circle))
                circle = circle[start:] + circle[:start]
                circles.add(f"{app}: {' -> '.join([*circle, circle[0]])}")
            else:
                walk(imported, [*path, imported])

    for module in sorted(paths):
        walk(module, [module])
    return sorted(circles)


def test_every_app_of_the_project_has_a_floor():
    from django.conf import settings

    ours = {app for app in settings.INSTALLED_APPS if (BASE_DIR / app / "apps.py").exists()}

    assert ours <= set(floors_from(ARCHITECTURE.read_text()))


def test_imports_only_go_down():
    problems = wrong_way_imports(BASE_DIR, floors_from(ARCHITECTURE.read_text()))
    assert not problems, "\n".join(problems)


def test_url_names_and_template_paths_in_python_only_go_down():
    floors = floors_from(ARCHITECTURE.read_text())
    problems = wrong_way_urls(BASE_DIR, floors, the_projects_namespaces(floors))
    assert not problems, "\n".join(problems)


def _without_line_and_rule(problem: str) -> str:
    return re.sub(r"^([^:]+):\d+:", r"\1:", problem).removesuffix(f"; {RULE}")


def test_templates_only_use_libraries_urls_and_templates_below_them():
    floors = floors_from(ARCHITECTURE.read_text())
    found = wrong_way_templates(
        BASE_DIR / "templates", floors, the_projects_namespaces(floors), the_projects_libraries(floors)
    )
    problems = [problem for problem in found if _without_line_and_rule(problem) not in WAITING]
    settled = WAITING - {_without_line_and_rule(problem) for problem in found}

    assert not problems, "\n".join(problems)
    assert not settled, f"settled: strike from WAITING {sorted(settled)}"


def test_no_app_imports_itself_in_a_circle():
    """A task imports the service it runs; a service that imports the task back (at the top or inside a
    function) makes a circle: it queues work without the tasks module, or the caller queues it."""
    circles = [circle for app in floors_from(ARCHITECTURE.read_text()) for circle in import_circles(BASE_DIR, app)]

    assert not set(circles) - CIRCLES_WAITING, "\n".join(circles)
    assert not CIRCLES_WAITING - set(circles), (
        f"settled: strike from CIRCLES_WAITING {sorted(CIRCLES_WAITING - set(circles))}"
    )


def test_the_rule_catches_a_circle_even_put_off_inside_a_function(tmp_path):
    (tmp_path / "matches" / "scoring").mkdir(parents=True)
    (tmp_path / "matches" / "services.py").write_text("from . import scoring, selectors\nfrom .models import Match\n")
    (tmp_path / "matches" / "tasks.py").write_text("from matches.services import proposal_run\n")
    (tmp_path / "matches" / "selectors.py").write_text("def f():\n    from .tasks import task\n")
    (tmp_path / "matches" / "scoring" / "__init__.py").write_text("from .pair import score\n")
    (tmp_path / "matches" / "scoring" / "pair.py").write_text("from .. import models\n")
    (tmp_path / "matches" / "models.py").write_text("import matches.scoring.pair\n")

    assert import_circles(tmp_path, "matches") == [
        "matches: models -> scoring.pair -> models",
        "matches: selectors -> tasks -> services -> selectors",
    ]


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
        f"outbox/services.py:1: from profiles.models import …: outbox (floor 0) uses profiles (floor 1); {RULE}",
        f"plans/views.py:2: import agreements.selectors: plans (floor 2) uses agreements (floor 2); {RULE}",
    ]


def test_the_rule_catches_a_url_name_or_template_path_sideways_or_up(tmp_path):
    floors = {"profiles": 1, "matches": 2, "plans": 3, "endings": 3, "dashboard": 4, "mentoring": 5}
    namespaces: dict[str, str | None] = {
        "profiles": "profiles",
        "plans": "plans",
        "endings": "endings",
        "dashboard": "dashboard",
    }
    namespaces["admin"] = None
    for app in floors:
        (tmp_path / app).mkdir()
    (tmp_path / "matches" / "models.py").write_text(
        'from django.urls import reverse\n\ndef url(m):\n    return reverse("dashboard:match", args=[m.pk])\n'
    )
    (tmp_path / "plans" / "views.py").write_text(
        'def v(request):\n    redirect("home")\n    redirect("admin:index")\n    redirect("profiles:names")\n'
        '    return shortcuts.redirect("endings:closed", pk=1)\n'
    )
    (tmp_path / "endings" / "views.py").write_text('def v(request):\n    return render(request, "dashboard/x.html")\n')
    (tmp_path / "mentoring" / "views.py").write_text('redirect("dashboard:match")\n')

    assert wrong_way_urls(tmp_path, floors, namespaces) == [
        f'matches/models.py:4: reverse("dashboard:match"): matches (floor 2) uses dashboard (floor 4); {RULE}',
        f'plans/views.py:5: redirect("endings:closed"): plans (floor 3) uses endings (floor 3); {RULE}',
        f'endings/views.py:2: the template "dashboard/x.html": endings (floor 3) uses dashboard (floor 4); {RULE}',
    ]


def test_the_rule_catches_a_template_using_a_library_url_or_template_sideways_or_up(tmp_path):
    floors = {"core": 0, "matches": 2, "plans": 3, "endings": 3, "dashboard": 4, "mentoring": 5}
    namespaces = {"matches": "matches", "plans": "plans", "endings": "endings", "dashboard": "dashboard"}
    libraries = {"plans": "plans", "links": "core", "crispy_forms_tags": None}
    templates = tmp_path / "templates"
    for directory in ("matches", "plans", "dashboard", "emails/endings", "guide"):
        (templates / directory).mkdir(parents=True)
    (templates / "matches" / "_card.html").write_text(
        "{% load static links %}{% load plans %}\n"
        "<a href=\"{% url 'matches:mine' %}\">{% link 'home' %}</a>\n"
        "{% comment %}{% url 'dashboard:match' 1 %}{% endcomment %}"
        "<a href=\"{% url 'endings:close' match.pk %}\">{% url name %}</a>\n"
    )
    (templates / "plans" / "overview.html").write_text(
        '{% extends "base.html" %}{% block content %}\n{% include "dashboard/_pagination.html" %}{% endblock %}\n'
    )
    (templates / "dashboard" / "match.html").write_text("{% load plans %}{% include 'matches/_card.html' %}\n")
    (templates / "emails" / "endings" / "closed-body.txt").write_text(
        '{% extends "emails/base-body.txt" %}\n{% url "dashboard:match" 1 %}\n'
    )
    (templates / "guide" / "first.html").write_text("{% url 'dashboard:match' 1 %}{% load plans %}\n")
    (templates / "base.html").write_text("{% load links %}{% link 'dashboard:dashboard' %}\n")

    assert wrong_way_templates(templates, floors, namespaces, libraries) == [
        f'templates/emails/endings/closed-body.txt:2: {{% url "dashboard:match" %}}: endings (floor 3) uses'
        f" dashboard (floor 4); {RULE}",
        f"templates/matches/_card.html:1: {{% load plans %}}: matches (floor 2) uses plans (floor 3); {RULE}",
        f"templates/matches/_card.html:3: {{% url 'endings:close' %}}: matches (floor 2) uses endings (floor 3);"
        f" {RULE}",
        f'templates/plans/overview.html:2: {{% include "dashboard/_pagination.html" %}}: plans (floor 3) uses'
        f" dashboard (floor 4); {RULE}",
    ]
