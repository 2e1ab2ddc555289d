"""The 3+5+3+1 completion matrix as an Excel workbook."""

from django.utils import timezone
from openpyxl.styles import PatternFill

from chanye.core.excel import new_workbook, workbook_bytes, write_table

from .models import SupportItem
from .selectors import support_matrix

STATUS_FILLS = {
    SupportItem.STATUS_DONE: PatternFill("solid", fgColor="C6EFCE"),
    SupportItem.STATUS_IN_PROGRESS: PatternFill("solid", fgColor="FFEB9C"),
    SupportItem.STATUS_NOT_STARTED: PatternFill("solid", fgColor="F2F2F2"),
}


def support_matrix_xlsx(*, system, group: str = "", office: str = "") -> bytes:
    items, rows = support_matrix(system=system, group=group, office=office)
    states = {c.pk: (c.state.status, c.state.label, c.state.note) for _, cells in rows for c in cells if c}
    wb = new_workbook()
    ws = wb.active
    ws.title = "完成度矩阵"
    headers = (
        ["分组", "产业", "状态", "产业办"]
        + [f"{it.category_name_zh}·{it.name_zh}" for it in items]
        + ["已完成", "编制中"]
    )
    table = []
    for industry, cells in rows:
        done = sum(1 for c in cells if c and states[c.pk][0] == SupportItem.STATUS_DONE)
        doing = sum(1 for c in cells if c and states[c.pk][0] == SupportItem.STATUS_IN_PROGRESS)
        table.append(
            [
                industry.group.name_zh,
                industry.name_zh,
                industry.get_status_display(),
                industry.office.name_zh if industry.office else "",
            ]
            + [states[c.pk][1] if c else "" for c in cells]
            + [done, doing]
        )
    write_table(ws, headers, table, widths=[14, 24, 8, 30] + [12] * len(items) + [8, 8])
    for r, (_, cells) in enumerate(rows, start=2):
        for c_index, cell in enumerate(cells, start=5):
            if cell:
                ws.cell(row=r, column=c_index).fill = STATUS_FILLS[states[cell.pk][0]]
    detail = wb.create_sheet("明细")
    write_table(
        detail,
        ["产业", "类别", "事项", "状态", "责任单位", "佐证文件或链接", "完成时限", "备注", "更新时间"],
        [
            [
                industry.name_zh,
                c.item.category_name_zh,
                c.item.name_zh,
                states[c.pk][1],
                c.owner_zh,
                c.evidence,
                c.due_date,
                "；".join(filter(None, [states[c.pk][2], c.note])),
                timezone.localtime(c.updated_at).replace(tzinfo=None),
            ]
            for industry, cells in rows
            for c in cells
            if c
        ],
        widths=[24, 10, 14, 8, 20, 40, 12, 30, 18],
    )
    for row in detail.iter_rows(min_row=2, min_col=9, max_col=9):
        row[0].number_format = "yyyy-mm-dd hh:mm"
    for row in detail.iter_rows(min_row=2, min_col=7, max_col=7):
        row[0].number_format = "yyyy-mm-dd"
    group_name = next((g.name_zh for g in system.industry_groups.filter(key=group)), "全部")
    office_name = next((o.name_zh for o in system.offices.filter(key=office)), "全部")
    info = wb.create_sheet("说明")
    info.append(["体系", system.name_zh])
    info.append(["配套体系", system.package_name_zh])
    info.append(["筛选", f"分组：{group_name}；产业办：{office_name}"])
    info.append(["导出时间", timezone.localtime().strftime("%Y-%m-%d %H:%M")])
    info.append(["说明", "状态取值：未启动 / 编制中 / 已完成。待确认的产业席位尚未核实，不作为事实。"])
    return workbook_bytes(wb)


def definition_export(*, system) -> dict:
    """The industry groups, industries and offices of the definition file (slot "definition_export")."""
    from chanye.systems.export import compact, sourced

    from .models import Industry

    out = {
        "industry_groups": [
            compact(
                {
                    "key": g.key,
                    "name_zh": g.name_zh,
                    "name_en": g.name_en,
                    "family_zh": g.family_zh,
                    "expected_count": g.expected_count,
                }
            )
            for g in system.industry_groups.all()
        ],
        "industries": [],
        "offices": [],
    }
    industries = system.industries.select_related("group").prefetch_related("sub_industries", "segments")
    for ind in industries:
        item = {
            "slug": ind.slug,
            "group": ind.group.key,
            "name_zh": ind.name_zh,
            "name_en": ind.name_en,
            "status": ind.status if ind.status != Industry.STATUS_CONFIRMED else "",
            "notes_zh": ind.notes_zh,
            "alt_names_zh": list(ind.alt_names_zh),
            "candidates_zh": list(ind.candidates_zh),
            "sub_industries": [
                compact({"slug": s.slug, "name_zh": s.name_zh, "name_en": s.name_en})
                for s in ind.sub_industries.all()
            ],
            "segments": [
                compact(
                    {
                        "key": s.key,
                        "name_zh": s.name_zh,
                        "name_en": s.name_en,
                        "stage": s.stage,
                        "description_zh": s.description_zh,
                    }
                )
                for s in ind.segments.all()
            ],
        }
        out["industries"].append(compact(item) | sourced(ind))
    for o in system.offices.prefetch_related("industries"):
        item = {
            "key": o.key,
            "name_zh": o.name_zh,
            "name_en": o.name_en,
            "industries": [i.slug for i in o.industries.order_by("order")],
            "lead_body_zh": o.lead_body_zh,
            "note": o.note,
        }
        out["offices"].append(compact(item) | {"industries": item["industries"]} | sourced(o))
    return out
