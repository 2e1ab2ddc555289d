"""Helpers shared by the test modules: counting rows and history rows across every model."""

from django.apps import apps
from simple_history.models import HistoricalChanges

CHANYE_APPS = ("core", "accounts", "systems", "industries", "districts")


def historical_models() -> list:
    return sorted(
        (m for m in apps.get_models() if issubclass(m, HistoricalChanges)), key=lambda m: m._meta.label
    )


def history_counts() -> dict[str, int]:
    """Row count of every historical table, by model label."""
    return {m._meta.label: m.objects.count() for m in historical_models()}


def history_total() -> int:
    return sum(history_counts().values())


def history_marks() -> dict:
    """The highest history_id of every historical table, to find the rows written after it."""
    return {
        m: (m.objects.order_by("-history_id").values_list("history_id", flat=True).first() or 0)
        for m in historical_models()
    }


def history_since(marks: dict) -> list:
    """Every history row written after `marks` (from history_marks), across all tables."""
    rows = []
    for model, last in marks.items():
        rows += list(
            model.objects.filter(history_id__gt=last).select_related("history_user").order_by("history_id")
        )
    return rows


def row_counts() -> dict[str, int]:
    """Row count of every non-historical model of the Chanye apps."""
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in CHANYE_APPS and not issubclass(m, HistoricalChanges)
    }


def assert_status(response, expected: int) -> None:
    """Assert the HTTP status, showing the body when it is wrong (netbox assertHttpStatus)."""
    assert response.status_code == expected, (
        f"HTTP {response.status_code}, expected {expected}: {response.content.decode()[:2000]}"
    )


def run_demo(system, *app_labels: str, today, enterprises: int = 0) -> list[str]:
    """The demo steps of these apps only (all of them when none are named), as `chanye demo` runs
    them, without the command: tests make just the demo data they look at. Returns the lines."""
    from datetime import date

    from chanye.accounts.services import cli_user
    from chanye.core.steps import DEMO, declared

    today = date.fromisoformat(today) if isinstance(today, str) else today
    done, lines = {}, []
    for step in declared(DEMO):
        if not app_labels or step.app in app_labels:
            lines += step.run(system=system, user=cli_user(), today=today, enterprises=enterprises, done=done)
    return lines


def clear_demo(system, *app_labels: str) -> list[str]:
    from chanye.accounts.services import cli_user
    from chanye.core.steps import DEMO_CLEAR, declared

    return [
        line
        for s in declared(DEMO_CLEAR)
        if not app_labels or s.app in app_labels
        for line in s.run(system=system, user=cli_user())
    ]
