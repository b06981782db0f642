"""The shape of the code, checked: imports flow one way between the apps, no two modules import each other (through
any chain, imports inside functions included), and no module grows past a size a newcomer can read."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
# The project's own apps (those of settings.INSTALLED_APPS with a folder here), and config: an app added there is
# checked without being listed again (and ALLOWED must say what it may import).
APPS = [app for app in settings.INSTALLED_APPS if (ROOT / app).is_dir()] + ["config"]
MAX_LINES = 400
# Which apps each app may import (DESIGN.md): forum and trainings use certificates, surveys, documents and people;
# certificates and surveys know neither of them (the app that owns a survey's subject registers it); people and
# documents (the shared ground: users, errors, inputs; the PDF renderer and its fonts) know none of the domain apps.
ALLOWED = {
    "people": {"people", "documents"},
    "documents": {"documents", "people"},
    "certificates": {"certificates", "documents", "people"},
    "surveys": {"surveys", "documents", "people"},
    "forum": {"forum", "certificates", "surveys", "documents", "people"},
    "trainings": {"trainings", "certificates", "surveys", "documents", "people"},
    # The dashboard and the programme report read every domain; nothing but config knows them.
    "reports": {"reports", "forum", "trainings", "surveys", "certificates", "documents", "people", "safeguarding"},
    # Cases are read by officers only: safeguarding knows the forum (an edition's emergency numbers) and the shared
    # ground, and nothing else reads it but the report's counts by status.
    "safeguarding": {"safeguarding", "forum", "documents", "people"},
    # A person's own data (download, erasure) and the retention of past editions gather every domain's records of
    # people; no domain knows it. Safeguarding stays out: reports of concerns are not linked to accounts.
    "privacy": {"privacy", "forum", "trainings", "surveys", "certificates", "documents", "people"},
    # Running the site on several machines (task leases, health, logs, backups): the shared ground, and the
    # certificates a restored backup must still verify; config for its log redaction (config.log_redaction), which
    # the request lines and error reports apply too.
    "operations": {"operations", "certificates", "documents", "people", "config"},
    "config": set(APPS),
}


def _modules() -> dict[str, Path]:
    modules = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


MODULES = _modules()


def _absolute(name: str, path: Path, node: ast.ImportFrom) -> str:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    base = node.module or ""
    if node.level:
        anchor = package.split(".")
        anchor = anchor[: len(anchor) - (node.level - 1)]
        base = ".".join([*anchor, base] if base else anchor)
    return base


def _reexported() -> dict[str, dict[str, str]]:
    """For each package whose __init__ re-exports names of its own modules: name -> the module that defines it."""
    table: dict[str, dict[str, str]] = {}
    for name, path in MODULES.items():
        if path.name != "__init__.py":
            continue
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.ImportFrom) and node.level:
                source = _absolute(name, path, node)
                if source.startswith(name + ".") and source in MODULES:
                    for alias in node.names:
                        table.setdefault(name, {})[alias.asname or alias.name] = source
    return table


REEXPORTED = _reexported()


def _imports(name: str, path: Path) -> set[str]:
    """The project modules `name` imports, anywhere in it: `from x import y` counts the module y is, or the module
    that defines y when x is a package re-exporting it (forum.models.Registration is forum.models.registration)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(name, path, node)
            targets = [base]
            for alias in node.names:
                module = f"{base}.{alias.name}"
                targets.append(module if module in MODULES else REEXPORTED.get(base, {}).get(alias.name, base))
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _reexports_its_own_module(importer: str, imported: str) -> bool:
    # A package's __init__ (models/__init__.py) re-exports the modules inside it: that is no cycle.
    return MODULES[importer].name == "__init__.py" and imported.startswith(importer + ".")


def test_every_app_says_what_it_may_import():
    assert set(ALLOWED) == set(APPS)


def test_apps_import_only_what_they_may():
    wrong = sorted(
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        for target in targets
        if target.split(".")[0] not in ALLOWED[name.split(".")[0]]
    )
    assert wrong == []


def test_no_import_cycle_between_modules():
    edges = {
        name: {target for target in targets if not _reexports_its_own_module(name, target)}
        for name, targets in GRAPH.items()
    }
    cycles, state = [], {}

    def visit(node, trail):
        state[node] = "open"
        for target in sorted(edges[node]):
            if state.get(target) == "open":
                cycles.append(" -> ".join([*trail[trail.index(target) :], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = "done"

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])
    assert cycles == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_is_small_enough_to_read(name):
    lines = len(MODULES[name].read_text().splitlines())
    assert lines <= MAX_LINES, f"{MODULES[name].relative_to(ROOT)} has {lines} lines: split it"
