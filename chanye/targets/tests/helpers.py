"""Helpers shared by the targets tests: the shipped file read as plain YAML, row counts, month ends."""

import json
import re
from datetime import date, timedelta
from functools import cache

import yaml

from chanye.targets.models import Indicator, Milestone, Observation, Target
from conftest import REPO_DIR, SHIPPED_TARGETS_FILE

SLUG = "guangzhou-12218"
ARTICLE_FILE = REPO_DIR / "data" / "sources" / "S00-article-2025-02-06.txt"
TARGET_MODELS = (Indicator, Target, Milestone, Observation)


def shipped_text() -> str:
    return SHIPPED_TARGETS_FILE.read_text(encoding="utf-8")


@cache
def shipped() -> dict:
    """The shipped targets file as plain YAML (read without the loader, to check it independently)."""
    return yaml.safe_load(shipped_text())


def file_targets(**where) -> list[dict]:
    """Targets of the shipped file whose fields equal `where`, in file order."""
    return [t for t in shipped()["targets"] if all(t.get(k) == v for k, v in where.items())]


def file_codes(**where) -> list[str]:
    return [t["code"] for t in file_targets(**where)]


def target_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in TARGET_MODELS}


def month_ends(year: int, first: int, last: int) -> list[date]:
    """The last day of each month first..last of `year`."""
    return [date(year + (m == 12), m % 12 + 1, 1) - timedelta(days=1) for m in range(first, last + 1)]


def post_json(client, path: str, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def error(status: int, *errors: str) -> dict:
    return {"ok": False, "error": "；".join(errors), "errors": list(errors), "status": status}


def board_rows(response) -> list[tuple[str, str]]:
    """(target code, status) of each row of a board or scorecard table, read from the HTML."""
    html = response.content.decode()
    rows = []
    for body in re.findall(r"<tbody>(.*?)</tbody>", html, re.S):
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
            code = re.search(r'href="/s/[^/]+/targets/([a-z0-9_]+)/"', row)
            status = re.search(r'<span class="status-pill st-[^"]+">([^<]+)</span>', row)
            if code:
                rows.append((code.group(1), status.group(1) if status else ""))
    return rows


def board_codes(response) -> list[str]:
    return [code for code, _ in board_rows(response)]


def board_row_html(response, code: str) -> str:
    """The HTML of the table row that links to target `code`."""
    [row] = [
        row
        for body in re.findall(r"<tbody>(.*?)</tbody>", response.content.decode(), re.S)
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
        if f'/targets/{code}/"' in row
    ]
    return re.sub(r"\s+", " ", row).strip()
