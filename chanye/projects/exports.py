"""The project register as an Excel workbook (the list page's export)."""

from chanye.analytics import projects as pj
from chanye.core.excel import new_workbook, workbook_bytes, write_table


def projects_xlsx(rows) -> bytes:
    """`rows`: projects with their status (selectors.with_status), in the list's order."""
    wb = new_workbook()
    ws = wb.active
    ws.title = "项目"
    headers = ["项目编号", "项目名称", "类型", "所在区", "产业", "企业", "所在园区", "产业办", "服务市领导", "计划总投资（万元）", "累计完成投资（万元）",
               "签约日期", "供地日期", "开工日期", "投产日期", "达产日期", "当前阶段", "对应", "停滞", "已等待（天）", "演示数据"]  # fmt: skip
    data = [[
        p.code, p.name, p.get_kind_display(), p.district.name_zh, p.industry.name_zh if p.industry else "", p.enterprise.name if p.enterprise else "",
        p.park.name_zh if p.park else "", p.office.name_zh if p.office else "", p.leader, p.planned_investment, p.completed,
        *[p.dates[s] for s in pj.STAGES], p.stage_label, p.phase, p.stall.label if p.stall else "", p.stall.waited if p.stall else None, "是" if p.demo else "",
    ] for p in rows]  # fmt: skip
    write_table(
        ws, headers, data, [14, 28, 12, 10, 16, 24, 18, 16, 10, 14, 14, 12, 12, 12, 12, 12, 10, 8, 12, 10, 8]
    )
    return workbook_bytes(wb)
