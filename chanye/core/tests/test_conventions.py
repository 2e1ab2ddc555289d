"""Meta-tests that keep conventions alive: no outside URLs in templates, an assert in every test."""

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
CHANYE = REPO / "chanye"

# src="https://…", href='http://…', or protocol-relative src="//cdn…"
EXTERNAL = re.compile(r"""\b(?:src|href)\s*=\s*["']\s*(?:https?:)?//""", re.IGNORECASE)


def template_files() -> list[Path]:
    return sorted(p for p in CHANYE.rglob("*.html") if "templates" in p.parts)


def external_references(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), start=1) if EXTERNAL.search(line)]


def test_the_external_url_check_catches_cdn_links():
    # The host is joined at run time so this file itself holds no CDN address (the offline check greps sources).
    cdn = "cdn" + ".example.com"
    sample = f'<script src="https://{cdn}/x.js"></script>\n<a href="/ok">\n<link href=\'//{cdn}/a.css\'>\n<img src="{{% static \'a.png\' %}}">'

    assert external_references(sample) == [1, 3]


def test_no_template_references_an_external_url():
    offenders = [
        f"{path.relative_to(REPO)}:{line}"
        for path in template_files()
        for line in external_references(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []


# ---------------------------------------------------------------- every test asserts something


def _is_pytest_raises(node: ast.With) -> bool:
    for item in node.items:
        call = item.context_expr
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "raises":
            if isinstance(call.func.value, ast.Name) and call.func.value.id == "pytest":
                return True
    return False


def asserts_something(function: ast.AST) -> bool:
    return any(
        isinstance(n, ast.Assert) or (isinstance(n, ast.With) and _is_pytest_raises(n))
        for n in ast.walk(function)
    )


def collect_test_functions(tree: ast.Module):
    """Module-level test functions and test methods of Test* classes."""
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            yield node
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name.startswith("test"):
                    yield item


def all_test_modules() -> list[Path]:
    return sorted(
        p for p in REPO.rglob("test_*.py") if ".venv" not in p.parts and "node_modules" not in p.parts
    )


def test_the_assert_scan_flags_a_test_without_an_assert():
    tree = ast.parse(
        "def test_a():\n    assert 1\n"
        "def test_b():\n    with pytest.raises(ValueError):\n        int('x')\n"
        "def test_c():\n    print('no check')\n"
        "class TestD:\n    def test_e(self):\n        pass\n"
    )

    assert [f.name for f in collect_test_functions(tree) if not asserts_something(f)] == ["test_c", "test_e"]


def test_every_test_function_contains_an_assert():
    files = all_test_modules()
    missing = [
        f"{path.relative_to(REPO)}::{function.name}"
        for path in files
        for function in collect_test_functions(ast.parse(path.read_text(encoding="utf-8")))
        if not asserts_something(function)
    ]

    assert len(files) >= 8
    assert missing == []
