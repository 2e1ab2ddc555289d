"""Actual values by Excel: a template per owner and period, imported all-or-nothing with a dry run."""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from chanye.accounts.permissions import can_edit_target
from chanye.analytics.units import compatible, is_known
from chanye.core.excel import new_workbook, workbook_bytes, write_table
from chanye.core.history import SOURCE_IMPORT, acting_as
from chanye.core.importing import FileProblem, RowError, read_sheet

from .models import Target
from .services import observation_record

logger = logging.getLogger(__name__)

SHEET = "实际值填报"
HEADINGS = {
    "目标代码": "code",
    "责任主体": "owner",
    "目标": "target",
    "指标单位": "indicator_unit",
    "截至日期": "period_end",
    "周期": "period_kind",
    "实际值": "value",
    "单位": "unit",
    "上年同期值": "base_value",
    "备注": "note",
}
REQUIRED = ("code", "period_end", "value")
PERIODS = {
    "月": "month",
    "季": "quarter",
    "年": "year",
    "month": "month",
    "quarter": "quarter",
    "year": "year",
}
UNIT_CHOICES = [
    "个",
    "家",
    "项",
    "条",
    "套",
    "亩",
    "万亩",
    "平方公里",
    "平方米",
    "万平方米",
    "元",
    "万元",
    "亿元",
    "%",
    "个百分点",
    "人",
    "万人",
]
FILL_INPUT = PatternFill("solid", fgColor="FFF9E5")


def owner_targets(*, system, owner: str):
    """Targets of one owner: city, district:<code>, office:<key> or all."""
    qs = (
        Target.objects.filter(system=system)
        .select_related("indicator", "district", "office")
        .order_by("order")
    )
    kind, _, ref = owner.partition(":")
    if kind == "district":
        return qs.filter(owner_kind="district", district__code=ref)
    if kind == "office":
        return qs.filter(owner_kind="office", office__key=ref)
    if kind == "city":
        return qs.filter(owner_kind="city")
    return qs


def template_xlsx(*, system, owner: str, period_end: date) -> bytes:
    """A workbook pre-filled with the owner's targets; people fill 实际值 (and 单位 if different)."""
    targets = list(owner_targets(system=system, owner=owner))
    wb = new_workbook()
    ws = wb.active
    ws.title = SHEET
    rows = [
        [
            t.code,
            t.owner_label,
            f"{t.indicator.name_zh} {t.get_comparison_display()} {t.value.normalize():f}{t.unit}",
            t.indicator.unit,
            period_end,
            "月",
            None,
            t.indicator.unit,
            None,
            None,
        ]
        for t in targets
    ]
    write_table(ws, list(HEADINGS), rows, widths=[36, 10, 44, 10, 12, 6, 12, 10, 12, 30])
    last = max(2, len(rows) + 1)
    for r in range(2, last + 1):
        ws.cell(row=r, column=5).number_format = "yyyy-mm-dd"
        for col in (7, 8, 9, 10):
            ws.cell(row=r, column=col).fill = FILL_INPUT
    periods = DataValidation(
        type="list",
        formula1='"月,季,年"',
        allow_blank=False,
        showErrorMessage=True,
        errorTitle="周期",
        error="请选择 月、季 或 年。",
    )
    units = DataValidation(
        type="list",
        formula1='"' + ",".join(UNIT_CHOICES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="单位",
        error="请从列表中选择单位。",
    )
    numbers = DataValidation(
        type="decimal",
        operator="between",
        formula1="-1000000000000",
        formula2="1000000000000",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="实际值",
        error="请填写数字。",
    )
    for dv, col in ((periods, "F"), (units, "H"), (numbers, "G"), (numbers, "I")):
        if dv not in ws.data_validations.dataValidation:
            ws.add_data_validation(dv)
        dv.add(f"{col}2:{col}{last}")
    ws["G1"].comment = Comment(
        "填写截至日期的实际值。增速目标：填年初至今的值，并在“上年同期值”填上年同期；或直接填增速（%）。",
        "Chanye",
    )
    info = wb.create_sheet("填报说明")
    for line in [
        ["体系", system.name_zh],
        ["责任主体", owner or "全部"],
        ["截至日期", period_end.isoformat()],
        [
            "怎么填",
            "只填黄色列：实际值、单位（与指标单位不同时）、上年同期值（增速目标）、备注。不要修改目标代码和第 1 行表头。",
        ],
        ["流水类指标", "“期内求和”的指标（如技改项目数、新增用地面积）填本期新增值，系统按期累计。"],
        [
            "导入",
            "在目标看板点“导入实际值”，先“试导入”检查，全部无误后再正式导入；有任何错误则一行也不写入。",
        ],
    ]:
        info.append(line)
    info["A1"].font = Font(bold=True)
    return workbook_bytes(wb)


@dataclass
class ImportResult:
    file_name: str
    dry_run: bool
    rows: int = 0
    written: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rollback(Exception):
    pass


HEADING_OF = {v: k for k, v in HEADINGS.items()}


def _date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip().replace("/", "-"))
        except ValueError:
            return None
    return None


def _decimal(value):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        return "invalid"


def import_observations(*, system, user, file_name: str, content: bytes, dry_run: bool) -> ImportResult:
    """Validate every row, then write all of them in one transaction, or nothing at all."""
    result = ImportResult(file_name=file_name, dry_run=dry_run)
    try:
        rows = read_sheet(content, sheet=SHEET, headings=HEADINGS, required=REQUIRED)
    except FileProblem as exc:
        result.errors.append(RowError(1, "-", "-", file_name, str(exc), sheet=SHEET))
        return result
    result.rows = len(rows)
    targets = {
        t.code: t
        for t in Target.objects.filter(system=system).select_related("indicator", "district", "office")
    }
    seen: dict[tuple, int] = {}
    valid = []

    def err(row, key, message):
        result.errors.append(
            RowError(
                row.number,
                row.columns.get(key, "-"),
                HEADING_OF.get(key, key),
                row.values.get(key),
                message,
                sheet=SHEET,
            )
        )

    for row in rows:
        v = row.values
        target = targets.get(str(v.get("code") or "").strip())
        if target is None:
            err(row, "code", "找不到该目标代码。请使用下载的模板，不要修改“目标代码”列。")
            continue
        if not can_edit_target(user, target):
            err(row, "code", f"无权填报该目标（责任主体：{target.owner_label}）。请只导入本单位的目标。")
            continue
        period_end = _date(v.get("period_end"))
        if period_end is None:
            err(row, "period_end", "不是有效日期。请写成 2025-06-30 这样的日期。")
        kind = PERIODS.get(str(v.get("period_kind") or "月").strip())
        if kind is None:
            err(row, "period_kind", "周期应为 月、季 或 年。")
        value = _decimal(v.get("value"))
        if value is None:
            err(row, "value", "实际值不能为空。没有数据的行请整行删除。")
        elif value == "invalid":
            err(row, "value", "不是数字。请只填数字，不要带单位或文字。")
        base = _decimal(v.get("base_value"))
        if base == "invalid":
            err(row, "base_value", "不是数字。")
        unit = str(v.get("unit") or target.indicator.unit).strip()
        growth_pct = target.kind == "growth_rate" and unit in ("%", "％")
        if not is_known(unit):
            err(row, "unit", f"不认识的单位。可用：{'、'.join(UNIT_CHOICES)}。")
        elif not growth_pct and not compatible(unit, target.indicator.unit):
            err(
                row,
                "unit",
                f"不能换算为该指标的单位「{target.indicator.unit}」。请改为「{target.indicator.unit}」或可换算的单位。",
            )
        if period_end is not None:
            key = (target.code, period_end)
            if key in seen:
                err(row, "period_end", f"与第 {seen[key]} 行重复：同一目标同一截至日期只能填一行。")
            seen[key] = row.number
        if period_end and kind and value not in (None, "invalid") and base != "invalid":
            valid.append((row, target, period_end, kind, value, unit, base, str(v.get("note") or "").strip()))
    if result.errors:
        logger.info(
            "导入实际值被拒：%s，%s 行，%s 个错误（user=%s）",
            file_name,
            result.rows,
            len(result.errors),
            user.username,
        )
        return result
    try:
        with acting_as(user, source=SOURCE_IMPORT), transaction.atomic():
            for row, target, period_end, kind, value, unit, base, note in valid:
                try:
                    observation_record(
                        user=user,
                        target=target,
                        period_end=period_end,
                        value=value,
                        unit=unit,
                        period_kind=kind,
                        base_value=base,
                        source="import",
                        file_name=file_name,
                        row_number=row.number,
                        note=note,
                    )
                    result.written += 1
                except (ValidationError, PermissionDenied) as exc:
                    messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                    err(row, "value", "；".join(messages))
            if result.errors or dry_run:
                raise _Rollback
    except _Rollback:
        if result.errors:
            result.written = 0
    if not dry_run and result.ok:
        logger.info("导入实际值 %s 行（user=%s，%s）", result.written, user.username, file_name)
    return result


__all__ = ["ImportResult", "import_observations", "template_xlsx"]
