"""chanye.analytics must stay pure: no Django, so it can run anywhere and be tested with numbers."""

import ast
from pathlib import Path

ANALYTICS = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_analytics_module_imports_django_or_the_apps():
    offenders = {}
    for path in ANALYTICS.glob("*.py"):
        bad = {n for n in _imports(path) if n.split(".")[0] == "django" or n.startswith(("chanye.core", "chanye.systems", "chanye.industries", "chanye.districts", "chanye.accounts"))}
        if bad:
            offenders[path.name] = sorted(bad)
    assert offenders == {}
    assert (ANALYTICS / "units.py").exists()
