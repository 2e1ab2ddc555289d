"""Actual values by Excel: a template per owner and period, imported all-or-nothing with a dry run."""

import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from chanye.accounts.permissions import can_edit_target
from chanye.analytics.units import UnitError, compatible, convert, is_known
from chanye.core.excel import new_workbook, workbook_bytes, write_table
from chanye.core.history import SOURCE_IMPORT, acting_as
from chanye.core.importing import CellError, Col, Register, RowError, import_register

from .models import Observation, Target
from .services import observation_record

logger = logging.getLogger(__name__)

SHEET = "实际值填报"
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


def _owner_name(system, owner: str) -> str:
    kind, _, ref = owner.partition(":")
    if kind == "district":
        district = system.districts.filter(code=ref).first()
        return district.name_zh if district else ref
    if kind == "office":
        office = system.offices.filter(key=ref).first()
        return office.name_zh if office else ref
    return "全市" if kind == "city" else "全部责任主体"


def _records_page(system, target) -> str:
    from django.urls import NoReverseMatch, reverse

    from .computations import REGISTRY

    computation = REGISTRY.get(target.computation)
    if computation is None:
        return "由系统自动计算，不需填报。"
    try:
        page = (
            f"请在平台 {reverse(computation.records, args=[system.slug])} 页面维护相关记录。"
            if computation.records
            else ""
        )
    except NoReverseMatch:
        page = ""
    return f"不需填报：由系统根据“{computation.label_zh}”自动计算。{page}"


def fillable_targets(*, system, owner: str, user=None) -> tuple[list, list]:
    """(targets the user fills in the template, targets of the owner computed from records)."""
    mine = [t for t in owner_targets(system=system, owner=owner) if user is None or can_edit_target(user, t)]
    return [t for t in mine if not t.computation], [t for t in mine if t.computation]


def _why_empty(system, owner: str, user, computed: list) -> str:
    name = _owner_name(system, owner)
    if computed:
        return f"{name}的目标都由系统根据台账记录自动计算，没有需要填报的实际值（见下方各目标的说明）。"
    if owner and not owner_targets(system=system, owner=owner).exists():
        return f"{name}在本体系中没有数值目标，没有需要填报的实际值。本区的产业布局、企业、项目、用地和清单进展见区页。"
    return f"您无权填报{name}的目标：区级编辑只能填报本区的目标，产业办编辑只能填报本办的目标。请选择本单位后重新下载。"


def template_xlsx(*, system, owner: str, period_end: date, user=None) -> bytes:
    """A workbook pre-filled with the targets the user fills (never the computed ones); people
    fill 实际值 (and 单位 if different). An empty template says why on its 填报说明 sheet."""
    targets, computed = fillable_targets(system=system, owner=owner, user=user)
    wb = new_workbook()
    ws = wb.active
    ws.title = SHEET
    rows = [
        [
            t.code,
            t.owner_label,
            str(t),
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
    write_table(
        ws, [c.heading for c in OBSERVATIONS.columns], rows, widths=[36, 10, 44, 10, 12, 6, 12, 10, 12, 30]
    )
    last = max(2, len(rows) + 1)
    for r in range(2, len(rows) + 2):
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
    lines = [
        ["体系", system.name_zh],
        ["责任主体", _owner_name(system, owner)],
        ["截至日期", period_end.isoformat()],
        [
            "怎么填",
            "只填黄色列：实际值、单位（与指标单位不同时）、上年同期值（增速目标）、备注。不要修改目标代码和第 1 行表头。",
        ],
        ["流水类指标", "“期内求和”的指标（如技改项目数、新增用地面积）填本期新增值，系统按期累计。"],
        [
            "导入",
            "在目标看板点“导入实际值”，先“试导入”检查，全部无误后再正式导入；有任何错误则一行也不写入。"
            "没有填实际值的行不会导入。",
        ],
    ]
    if not targets:
        lines.insert(0, ["本表为空", _why_empty(system, owner, user, computed)])
    lines += [["系统自动计算", str(t), _records_page(system, t)] for t in computed]
    for line in lines:
        info.append(line)
    if not targets:
        wb.active = info  # the first thing seen is why there is nothing to fill
    info.column_dimensions["A"].width = 14
    info.column_dimensions["B"].width = 60
    info["A1"].font = Font(bold=True)
    return workbook_bytes(wb)


def _cell_number(value):
    """A stored decimal as the number a person typed (1200000, 12.5), not 1.2E+6."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _entered_base(obs, target):
    """The base (stored in the indicator's unit) in the unit the value was entered in."""
    if obs.base_value is None or obs.unit_as_entered == target.indicator.unit:
        return obs.base_value
    try:
        return convert(obs.base_value, target.indicator.unit, obs.unit_as_entered)
    except UnitError:
        return obs.base_value


def observations_xlsx(*, system, owner: str, user=None) -> bytes:
    """The typed actuals of the targets the user fills, in the template's columns: the file
    imports back unchanged (no row written)."""
    targets, _ = fillable_targets(system=system, owner=owner, user=user)
    labels = dict(Observation.PERIOD_CHOICES)
    rows, seen = [], set()
    for t in targets:
        if t.series_id in seen:  # targets on one series share its values: written once
            continue
        seen.add(t.series_id)
        for o in (
            Observation.objects.filter(series_id=t.series_id)
            .exclude(origin="computed")
            .order_by("period_end")
        ):
            rows.append(
                [t.code, t.owner_label, str(t), t.indicator.unit, o.period_end, labels[o.period_kind],
                 _cell_number(o.value_as_entered), o.unit_as_entered, _cell_number(_entered_base(o, t)), o.note or None]
            )  # fmt: skip
    wb = new_workbook()
    ws = wb.active
    ws.title = SHEET
    write_table(
        ws, [c.heading for c in OBSERVATIONS.columns], rows, widths=[36, 10, 44, 10, 12, 6, 12, 10, 12, 30]
    )
    for (cell,) in ws.iter_rows(min_row=2, min_col=5, max_col=5):
        cell.number_format = "yyyy-mm-dd"
    return workbook_bytes(wb)


@dataclass
class ImportResult:
    file_name: str
    dry_run: bool
    rows: int = 0
    written: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _signed(message: str):
    def parse(text: str) -> Decimal:
        try:
            number = Decimal(text.replace(",", "").replace("，", ""))
        except InvalidOperation:
            raise CellError(message) from None
        if not number.is_finite():
            raise CellError(message)
        return number

    return parse


def _period_end(text: str) -> date:
    try:
        return date.fromisoformat(text.replace("/", "-"))
    except ValueError:
        raise CellError("不是有效日期。请写成 2025-06-30 这样的日期。") from None


def _period_kind(text: str) -> str:
    if text not in PERIODS:
        raise CellError("周期应为 月、季 或 年。")
    return PERIODS[text]


def _unit(text: str) -> str:
    if not is_known(text):
        raise CellError(f"不认识的单位。可用：{'、'.join(UNIT_CHOICES)}。")
    return text


def _lookups(system) -> dict:
    targets = Target.objects.filter(system=system).select_related("indicator", "district", "office")
    return {
        "targets": {t.code: t for t in targets},
        "targets_hint": "找不到该目标代码。请使用下载的模板，不要修改“目标代码”列。",
    }


def _authorize(user, clean: dict, current, lookups) -> list[tuple[str, str]]:
    target = clean.get("code")
    if target is None or can_edit_target(user, target):
        return []
    return [("code", f"无权填报该目标（责任主体：{target.owner_label}）。请只导入本单位的目标。")]


def _unit_fits(clean: dict) -> list[tuple[str, str]]:
    target = clean["code"]
    unit = clean["unit"] or target.indicator.unit
    growth_pct = target.kind == "growth_rate" and unit in ("%", "％")
    if growth_pct or compatible(unit, target.indicator.unit):
        return []
    return [
        (
            "unit",
            f"不能换算为该指标的单位「{target.indicator.unit}」。请改为「{target.indicator.unit}」或可换算的单位。",
        )
    ]


def _write(register, system, user, rows, file_name: str) -> list[tuple[int, str, str]]:
    """Every row through observation_record (conversion, growth, recomputation, history)."""
    refused, unchanged = [], 0
    with acting_as(user, source=SOURCE_IMPORT):
        for number, clean in rows:
            target = clean["code"]
            try:
                obs = observation_record(
                    user=user,
                    target=target,
                    period_end=clean["period_end"],
                    value=clean["value"],
                    unit=clean["unit"] or target.indicator.unit,
                    period_kind=clean["period_kind"] or "month",
                    base_value=clean["base_value"],
                    source="import",
                    file_name=file_name,
                    row_number=number,
                    note=clean["note"],
                )
            except (ValidationError, PermissionDenied) as exc:
                messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                refused.append((number, "value", "；".join(messages)))
            else:
                unchanged += not obs.changed
    return refused, unchanged


_NOTE_ONLY = {"max_len": 2000}
OBSERVATIONS = Register(
    name="实际值填报",
    model=Target,
    sheet=SHEET,
    columns=[
        Col(
            "目标代码",
            "code",
            required=True,
            kind="lookup",
            lookup="targets",
            required_message="找不到该目标代码。请使用下载的模板，不要修改“目标代码”列。",
        ),
        Col("责任主体", "owner", **_NOTE_ONLY),
        Col("目标", "target", **_NOTE_ONLY),
        Col("指标单位", "indicator_unit", **_NOTE_ONLY),
        Col(
            "截至日期",
            "period_end",
            required=True,
            parse=_period_end,
            required_message="不是有效日期。请写成 2025-06-30 这样的日期。",
        ),
        Col("周期", "period_kind", parse=_period_kind),
        Col(
            "实际值",
            "value",
            required=True,
            parse=_signed("不是数字。请只填数字，不要带单位或文字。"),
            required_message="实际值不能为空。没有数据的行请整行删除。",
        ),
        Col("单位", "unit", parse=_unit),
        Col("上年同期值", "base_value", parse=_signed("不是数字。")),
        Col("备注", "note", **_NOTE_ONLY),
    ],
    key=("code", "period_end"),
    data_fields=("value", "base_value", "note"),  # a template row nobody filled in is not data
    duplicate=("period_end", "与第 {row} 行重复：同一目标同一截至日期只能填一行。"),
    lookups=_lookups,
    authorize=_authorize,
    check=_unit_fits,
    write=_write,
)


def import_observations(*, system, user, file_name: str, content: bytes, dry_run: bool) -> ImportResult:
    """Validate every row, then write all of them in one transaction, or nothing at all."""
    outcome = import_register(
        register=OBSERVATIONS, system=system, user=user, content=content, file_name=file_name, dry_run=dry_run
    )
    result = ImportResult(
        file_name=file_name,
        dry_run=dry_run,
        rows=outcome.rows,
        written=outcome.created,
        unchanged=outcome.unchanged,
    )
    result.errors = [
        RowError(
            e["row"], e.get("column", ""), e.get("heading", ""), e.get("value", ""), e["message"], sheet=SHEET
        )
        for e in outcome.errors
    ]
    if result.errors:
        logger.info(
            "导入实际值被拒：%s，%s 行，%s 个错误（user=%s）",
            file_name,
            result.rows,
            len(result.errors),
            user.username,
        )
    elif not dry_run:
        logger.info("导入实际值 %s 行（user=%s，%s）", result.written, user.username, file_name)
    return result


__all__ = ["ImportResult", "import_observations", "observations_xlsx", "template_xlsx"]
