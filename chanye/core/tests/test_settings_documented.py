"""Every environment variable the code reads is documented (house style §4; datasette tests/test_docs.py)."""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
SETTINGS = REPO / "chanye" / "settings.py"
DOCS = REPO / "docs" / "settings.md"
ENV_EXAMPLE = REPO / ".env.example"

READ = re.compile(
    r"""\b(?:os\.getenv|os\.environ\.get|envbool|envint|envsecret)\(\s*["']([A-Z][A-Z0-9_]*)["']"""
)
SECRET = re.compile(r"""\benvsecret\(\s*["']([A-Z][A-Z0-9_]*)["']""")
DOCUMENTED = re.compile(r"^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|", re.MULTILINE)


def names_read(source: str) -> set[str]:
    # envsecret(NAME) also reads NAME_FILE.
    return set(READ.findall(source)) | {f"{name}_FILE" for name in SECRET.findall(source)}


def documented() -> set[str]:
    return set(DOCUMENTED.findall(DOCS.read_text(encoding="utf-8")))


def test_the_scanner_finds_the_variables_settings_reads():
    names = names_read(SETTINGS.read_text(encoding="utf-8"))

    assert {
        "CHANYE_DEBUG",
        "CHANYE_SECRET_KEY",
        "CHANYE_SECRET_KEY_FILE",
        "CHANYE_API_MAX_PAGE_SIZE",
        "DATABASE_URL",
    } <= names
    assert len(names) >= 15


def test_every_chanye_variable_read_in_settings_is_in_docs_settings_md():
    names = {n for n in names_read(SETTINGS.read_text(encoding="utf-8")) if n.startswith("CHANYE_")}

    assert sorted(names - documented()) == []


def test_database_url_is_documented():
    assert "DATABASE_URL" in documented()


def test_every_chanye_variable_read_anywhere_in_the_code_is_documented():
    names = set()
    for path in (REPO / "chanye").rglob("*.py"):
        if "tests" not in path.parts:
            names |= {n for n in names_read(path.read_text(encoding="utf-8")) if n.startswith("CHANYE_")}

    assert sorted(names - documented()) == []


def test_docs_list_no_variable_the_code_no_longer_reads():
    read = set()
    for path in (REPO / "chanye").rglob("*.py"):
        if "tests" not in path.parts:
            read |= names_read(path.read_text(encoding="utf-8"))

    assert sorted(documented() - read) == []


def test_every_documented_variable_appears_in_env_example():
    example = ENV_EXAMPLE.read_text(encoding="utf-8")

    assert sorted(n for n in documented() if not re.search(rf"^#?\s*{n}=", example, re.MULTILINE)) == []
