"""The target board as an Excel workbook (same columns as the page)."""

from openpyxl.styles import PatternFill

from chanye.core.excel import new_workbook, workbook_bytes, write_table

STATUS_FILLS = {
    "已达成": "C6EFCE",
    "正常": "E2F0D9",
    "关注": "FFEB9C",
    "滞后": "F8CBAD",
    "未达成": "FF9999",
    "无数据": "EDEDED",
}
HEADERS = [
    "代码",
    "责任主体",
    "指标",
    "目标",
    "期限",
    "最新实际值",
    "截至",
    "计划值",
    "状态",
    "人工",
    "可能性",
    "预测期末值",
    "每月还需",
    "指标单位",
    "数据性质",
    "原文",
    "来源",
]


def _num(x):
    return None if x is None else float(round(x, 4))


def board_rows(rows):
    for r in rows:
        t, e = r.target, r.evaluation
        yield [
            t.code,
            t.owner_label,
            t.indicator.name_zh,
            t.goal_text + (f"（{t.qualifier_zh}）" if t.qualifier_zh else ""),
            t.deadline if t.deadline else "待确认",
            _num(e.actual),
            e.actual_date,
            _num(e.planned),
            r.status,
            "是" if r.overridden else "",
            e.likelihood or "",
            _num(e.forecast),
            _num(e.gap_per_month),
            t.indicator.unit,
            "演示数据"
            if r.demo
            else ("" if e.actual is None else "记录计算" if r.target.computation else "实际填报"),
            t.quote,
            t.source_key,
        ]


def board_xlsx(*, system, rows, on, filters) -> bytes:
    wb = new_workbook()
    ws = wb.active
    ws.title = "目标看板"
    write_table(
        ws, HEADERS, board_rows(rows), widths=[30, 12, 24, 22, 12, 12, 12, 12, 8, 6, 8, 12, 10, 10, 10, 50, 8]
    )
    for index, r in enumerate(rows, start=2):
        ws.cell(row=index, column=9).fill = PatternFill("solid", fgColor=STATUS_FILLS[r.status])
        for col in (5, 7):
            ws.cell(row=index, column=col).number_format = "yyyy-mm-dd"
    info = wb.create_sheet("说明")
    info.append(["体系", system.name_zh])
    info.append(["评估日期", on.isoformat()])
    info.append(["筛选", "；".join(f"{k}={v}" for k, v in filters.items() if v) or "全部"])
    if any(r.demo for r in rows):
        info.append(["演示数据", "“数据性质”为演示数据的行由 chanye demo 随机生成，不代表真实进展。"])
    info.append(
        [
            "状态规则",
            "实际进度 ≥ 计划进度的 90% 为正常，75%–90% 为关注，低于 75% 为滞后；已满足目标为已达成，过期未满足为未达成。",
        ]
    )
    info.append(["可能性", "预测期末值 ÷ 目标值：≥1 高，0.95–1 较高，0.85–0.95 较低，<0.85 低。"])
    return workbook_bytes(wb)
