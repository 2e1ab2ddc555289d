"""定期评估 stocktake pack for an owner and a date: Excel workbook and a Chinese PDF."""

from datetime import date

from django.template.loader import render_to_string
from openpyxl.styles import PatternFill

from chanye.analytics import trajectory as tr
from chanye.analytics.evaluation import baseline_point
from chanye.core.excel import new_workbook, workbook_bytes, write_table
from chanye.core.svgchart import line_chart

from .charts import plan_series
from .exports import HEADERS, STATUS_FILLS, board_rows
from .importing import owner_targets
from .models import Milestone
from .selectors import evaluate_target, target_spec

OFF_TRACK = (tr.MISSED, tr.BEHIND, tr.WATCH)


def owner_label(system, owner: str) -> str:
    kind, _, ref = owner.partition(":")
    if kind == "district":
        d = system.districts.filter(code=ref).first()
        return d.name_zh if d else ref
    if kind == "office":
        o = system.offices.filter(key=ref).first()
        return o.name_zh if o else ref
    return "全市" if kind == "city" else "全部责任主体"


def stocktake_data(*, system, owner: str, on: date) -> dict:
    rows = [
        evaluate_target(t, on)
        for t in owner_targets(system=system, owner=owner).prefetch_related("series__observations")
    ]
    off = sorted((r for r in rows if r.status in OFF_TRACK), key=lambda r: tr.SEVERITY[r.status])
    kind, _, ref = owner.partition(":")
    milestones = Milestone.objects.filter(system=system)
    if kind == "district":
        milestones = milestones.filter(district__code=ref)
    elif kind in ("city", "office"):
        milestones = milestones.filter(owner_kind=kind)
    return {
        "system": system,
        "owner": owner,
        "owner_label": owner_label(system, owner),
        "on": on,
        "rows": rows,
        "off_track": off,
        "counts": tr.status_counts(r.status for r in rows),
        "worst": tr.worst(r.status for r in rows),
        "milestones": list(milestones),
        "has_demo": any(r.demo for r in rows),
    }


def _chart(row, on: date) -> str:
    spec = target_spec(row.target)
    base = baseline_point(spec)
    plan = [(d, float(v)) for d, v in plan_series(spec, base)]
    actual = [(p.at, float(p.value)) for p in row.evaluation.series]
    start = plan[0][0] if plan else actual[0][0] if actual else on
    end = spec.deadline or on
    return line_chart(
        plan=plan,
        actual=actual,
        target=float(spec.final_value),
        start=min(start, end),
        end=end,
        unit=row.target.indicator.unit,
        today=on,
    )


def stocktake_pdf(*, system, owner: str, on: date, generated_by: str) -> bytes:
    from weasyprint import HTML

    data = stocktake_data(system=system, owner=owner, on=on)
    data["charts"] = [(r, _chart(r, on)) for r in data["off_track"][:12]]
    data["generated_by"] = generated_by
    html = render_to_string("targets/stocktake_pdf.html", data)
    return HTML(string=html).write_pdf()


def stocktake_xlsx(*, system, owner: str, on: date) -> bytes:
    data = stocktake_data(system=system, owner=owner, on=on)
    wb = new_workbook()
    ws = wb.active
    ws.title = "状态汇总"
    ws.append(["体系", system.name_zh])
    ws.append(["责任主体", data["owner_label"]])
    ws.append(["评估日", on.isoformat()])
    ws.append(["总体状态（最差者）", data["worst"]])
    ws.append([])
    ws.append(["状态", "目标数"])
    for status, n in data["counts"].items():
        ws.append([status, n])
        ws.cell(row=ws.max_row, column=1).fill = PatternFill("solid", fgColor=STATUS_FILLS[status])
    if data["has_demo"]:
        ws.append([])
        ws.append(["注意", "含演示数据（随机生成，仅供演示，不代表真实进展）"])
    detail = wb.create_sheet("目标明细")
    write_table(
        detail,
        HEADERS,
        board_rows(data["rows"]),
        widths=[30, 12, 24, 22, 12, 12, 12, 12, 8, 6, 8, 12, 10, 10, 10, 50, 8],
    )
    off = wb.create_sheet("偏离目标")
    write_table(
        off,
        ["状态", "目标", "最新实际值", "计划值", "判断", "预测期末值", "可能性", "原文"],
        [
            [
                r.status,
                str(r.target),
                float(r.evaluation.actual) if r.evaluation.actual is not None else None,
                float(r.evaluation.planned) if r.evaluation.planned is not None else None,
                r.evaluation.reason,
                float(r.evaluation.forecast) if r.evaluation.forecast is not None else None,
                r.evaluation.likelihood or "",
                r.target.quote,
            ]
            for r in data["off_track"]
        ],
        widths=[8, 36, 12, 12, 30, 12, 8, 60],
    )
    ms = wb.create_sheet("节点任务")
    write_table(
        ms,
        ["节点任务", "期限", "完成", "原文"],
        [
            [m.name_zh, m.due_date or m.due_note or "待确认", "是" if m.done else "否", m.quote]
            for m in data["milestones"]
        ],
        widths=[36, 14, 6, 60],
    )
    return workbook_bytes(wb)
