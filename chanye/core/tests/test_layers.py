"""The floors of the house (docs/architecture.md): every import points down, none into another
app's private names, no cycle, and `analytics` stays pure (no Django, nothing of ours but itself).

Walks the source of every module (tests and migrations aside, as they sit beside the code they
test), lazy imports inside functions included: a lazy import is still a dependency.
"""

import ast
from pathlib import Path

import pytest

CHANYE = Path(__file__).resolve().parents[2]

# Bottom to top. An app may import its own floor's modules and any floor below it, nothing above.
FLOORS = [
    "analytics",  # pure domain logic: no Django
    "core",  # shared infrastructure: history, imports, steps, Excel, definitions, API errors
    "accounts",
    "systems",
    "industries",
    "districts",
    "targets",
    "enterprises",
    "per_mu",
    "places",
    "projects",
    "lists",
    "site",  # ties the apps together: init, demo, get, serve, user, URLs, API, benchmarks
]
# Modules directly in chanye/: the console script and the deployment entry points sit on top.
ENTRY_POINTS = {"__init__": "site", "__main__": "site", "cli": "site", "settings": "site", "wsgi": "site"}

# Arrows allowed to run the wrong way, each with its reason. None: keep it that way.
KNOWN: set[str] = set()


def app_of(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return parts[0] if len(parts) > 1 else ENTRY_POINTS.get(parts[0], parts[0])


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([root.name, *parts])


def source_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts)


def imports(path: Path, root: Path) -> list[tuple[int, str, list[str], bool]]:
    """(line, module, names, at module level) of every import of our own package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = {id(node) for node in tree.body}
    package = module_name(path, root).rsplit(".", 0 if path.name == "__init__.py" else 1)[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:  # relative: resolve against this module's package
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            found.append((node.lineno, module, [a.name for a in node.names], id(node) in top_level))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name, [], id(node) in top_level) for a in node.names]
    return [f for f in found if f[1] == root.name or f[1].startswith(root.name + ".")]


def violations(root: Path, floors: list[str]) -> set[str]:
    """Every import that points up, into another app's private name, or (analytics) out of itself."""
    rank = {app: i for i, app in enumerate(floors)}
    out = set()
    for path in source_files(root):
        app = app_of(path, root)
        where = path.relative_to(root.parent).as_posix()
        for _line, module, names, _ in imports(path, root):
            parts = module.split(".")
            target = parts[1] if len(parts) > 1 else "__init__"
            target = ENTRY_POINTS.get(target, target)
            if target == app or module == root.name:  # the package itself holds only __version__
                continue
            if rank.get(target, len(floors)) > rank.get(app, len(floors)):
                out.add(f"{where}: {app} imports {module} from a higher floor ({target})")
            private = [n for n in names if n.startswith("_") and not n.endswith("__")]
            if private:
                out.add(f"{where}: imports the private {', '.join(private)} of {module}")
            if app == "analytics":
                out.add(f"{where}: analytics imports {module} (it must import nothing of ours)")
    return out


def module_cycles(root: Path) -> list[list[str]]:
    """Cycles among modules through module-level imports (those run when the module loads)."""
    modules = {module_name(p, root): p for p in source_files(root)}
    graph = {name: set() for name in modules}
    for name, path in modules.items():
        for _, module, names, top in imports(path, root):
            if not top:
                continue
            for candidate in [f"{module}.{n}" for n in names] + [module]:
                if candidate in modules and candidate != name:
                    graph[name].add(candidate)
                    break
    cycles, state = [], {}

    def visit(node, stack):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    return cycles


def test_every_app_and_entry_point_has_a_floor():
    apps = {app_of(p, CHANYE) for p in source_files(CHANYE)}
    assert apps - set(FLOORS) == set()


def test_imports_only_point_down():
    found = violations(CHANYE, FLOORS)
    assert sorted(found - KNOWN) == [], "new imports that run the wrong way"
    assert sorted(KNOWN - found) == [], "fixed: remove these lines from KNOWN"


def test_no_module_cycle():
    assert module_cycles(CHANYE) == []


def test_analytics_imports_no_django():
    offenders = [
        f"{p.name}: {module}"
        for p in source_files(CHANYE / "analytics")
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        for module in (
            [a.name for a in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else []
        )
        if module.split(".")[0] == "django"
    ]
    assert offenders == []


# ---------------------------------------------------------------- the checks themselves


@pytest.fixture
def house(tmp_path):
    """A small package with three floors, to plant bad imports in."""
    root = tmp_path / "chanye"
    for app in ("core", "systems", "site"):
        (root / app).mkdir(parents=True)
        (root / app / "__init__.py").write_text("")
    (root / "__init__.py").write_text("")
    (root / "core" / "history.py").write_text("def _private():\n    return 1\n")
    (root / "systems" / "services.py").write_text("from chanye.core.history import acting_as\n")
    (root / "site" / "urls.py").write_text("from chanye.systems import services\n")
    return root


FLOORS_OF_HOUSE = ["core", "systems", "site"]


def test_a_clean_house_has_no_violation(house):
    assert violations(house, FLOORS_OF_HOUSE) == set()
    assert module_cycles(house) == []


def test_a_planted_upward_import_is_caught_even_inside_a_function(house):
    (house / "core" / "steps.py").write_text(
        "def run():\n    from chanye.site.urls import urlpatterns\n    return urlpatterns\n"
    )

    assert violations(house, FLOORS_OF_HOUSE) == {
        "chanye/core/steps.py: core imports chanye.site.urls from a higher floor (site)"
    }


def test_a_private_name_of_another_app_is_caught(house):
    (house / "systems" / "views.py").write_text("from chanye.core.history import _private\n")

    assert violations(house, FLOORS_OF_HOUSE) == {
        "chanye/systems/views.py: imports the private _private of chanye.core.history"
    }


def test_a_cycle_between_modules_is_caught(house):
    (house / "core" / "history.py").write_text("from chanye.core import excel\n")
    (house / "core" / "excel.py").write_text("from .history import acting_as\n")

    assert module_cycles(house) == [["chanye.core.excel", "chanye.core.history", "chanye.core.excel"]]
