"""The project register and its monthly investment as Excel workbooks: the import's own columns
(so a file exported imports back unchanged), then columns for reading marked （只读）."""

from chanye.core.importing import register_xlsx

from .importing import INVESTMENTS, PROJECTS

READING = (
    ("累计完成投资（万元）", lambda p: p.completed),
    ("当前阶段", lambda p: p.stage_label),
    ("对应", lambda p: p.phase),
    ("停滞", lambda p: p.stall.label if p.stall else ""),
    ("已等待（天）", lambda p: p.stall.waited if p.stall else None),
    ("演示数据", lambda p: "是" if p.demo else ""),
)


def projects_xlsx(system, rows) -> bytes:
    """`rows`: projects with their status (selectors.with_status), in the list's order."""
    return register_xlsx(PROJECTS, system, rows, extra=READING)


def investments_xlsx(system, rows) -> bytes:
    return register_xlsx(INVESTMENTS, system, rows)
