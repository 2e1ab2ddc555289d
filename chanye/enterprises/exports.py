"""Enterprise templates (XLSX with dropdowns, CSV) and the 招商 gap list of a chain."""

from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from chanye.core.excel import new_workbook, workbook_bytes, write_table

from .columns import COLUMNS
from .concordance import concordance_for
from .reading import SHEET

TEMPLATE_ROWS = 5000  # rows that carry the dropdowns; more can be added below
REQUIRED_FILL = PatternFill("solid", fgColor="FDE9D9")


def template_csv() -> bytes:
    """Headings only, UTF-8 with BOM so Excel opens the Chinese correctly."""
    return ("\ufeff" + ",".join(c.heading for c in COLUMNS) + "\n").encode("utf-8")


def template_xlsx(system) -> bytes:
    wb = new_workbook()
    ws = wb.active
    ws.title = SHEET
    write_table(
        ws,
        [c.heading for c in COLUMNS],
        [],
        widths=[
            22 if c.kind == "uscc" else 30 if c.field in ("name", "business_scope") else 14 for c in COLUMNS
        ],
    )
    last = TEMPLATE_ROWS + 1
    letter = {c.field: chr(ord("A") + i) for i, c in enumerate(COLUMNS)}
    for i, c in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=i)
        if c.required:
            cell.fill = REQUIRED_FILL
        if c.help:
            cell.comment = Comment(("必填。" if c.required else "") + c.help, "Chanye")
    # Codes are text: an 18-digit code typed into a number cell loses its last digits in Excel.
    for field in ("uscc", "industry_code"):
        for row in range(2, last + 1):
            ws[f"{letter[field]}{row}"].number_format = "@"
    districts = [name for name in system.districts.order_by("order").values_list("name_zh", flat=True)]
    lists = wb.create_sheet("选项")
    for r, name in enumerate(districts, start=1):
        lists.cell(row=r, column=1, value=name)
    lists.sheet_state = "hidden"
    validations = [
        (
            DataValidation(
                type="list",
                formula1=f"=选项!$A$1:$A${len(districts)}",
                allow_blank=False,
                showErrorMessage=True,
                errorTitle="所在区",
                error="请从列表中选择区。",
            ),
            ["district"],
        ),
        (
            DataValidation(
                type="list",
                formula1='"是,否"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="是/否",
                error="请选择“是”或“否”。",
            ),
            [c.field for c in COLUMNS if c.kind == "bool"],
        ),
        (
            DataValidation(
                type="whole",
                operator="between",
                formula1="1949",
                formula2="2100",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="年度",
                error="请填写四位年份，如 2024。",
            ),
            ["year"],
        ),
        (
            DataValidation(
                type="list",
                formula1='"1,2,3,4"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="季度",
                error="请选择 1–4；全年数据留空。",
            ),
            ["quarter"],
        ),
        (
            DataValidation(
                type="decimal",
                operator="between",
                formula1="0",
                formula2="10000000000000",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="数值",
                error="请填写不小于 0 的数字（单位见表头）。",
            ),
            [c.field for c in COLUMNS if c.kind in ("money", "number")],
        ),
        (
            DataValidation(
                type="whole",
                operator="between",
                formula1="0",
                formula2="10000000",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="人数",
                error="请填写整数。",
            ),
            ["employees"],
        ),
        (
            DataValidation(
                type="textLength",
                operator="equal",
                formula1="18",
                allow_blank=False,
                showErrorMessage=True,
                errorTitle="统一社会信用代码",
                error="应为 18 位。",
            ),
            ["uscc"],
        ),
    ]
    for dv, fields in validations:
        ws.add_data_validation(dv)
        for field in fields:
            dv.add(f"{letter[field]}2:{letter[field]}{last}")
    info = wb.create_sheet("填报说明")
    for line in [
        ["体系", system.name_zh],
        [
            "规则",
            "按统一社会信用代码新增或更新企业；同一企业可有多行，每行一个年度（或季度）的经营数据，基本信息须一致。",
        ],
        ["必填", "统一社会信用代码、企业名称、所在区（表头标红）。"],
        ["金额", "工业总产值、营业收入、税收、研发投入以万元计；用地以亩计；能耗以吨标准煤计。"],
        ["导入", "有任何错误则一行不写，并列出每处错误的行、列、值与改法；可先“试导入”。"],
        [
            "归类",
            "导入后按国民经济行业代码与经营范围自动归入产业和产业链环节（见 docs/classification.md）；人工归类不会被覆盖。",
        ],
    ]:
        info.append(line)
    info.column_dimensions["A"].width = 12
    info.column_dimensions["B"].width = 100
    return workbook_bytes(wb)


def gaps_xlsx(*, system, industry, district, rows) -> bytes:
    """招商 gap list: the chain's missing and weak segments first, with what kind of firm to seek."""
    concordance = {ind.slug: ind for ind in concordance_for(system).industries}
    words = dict(concordance[industry.slug].segments) if industry.slug in concordance else {}
    wb = new_workbook()
    ws = wb.active
    ws.title = "招商缺链清单"
    order = {"缺链": 0, "弱链": 1, "一般": 2, "较强": 3}
    ranked = sorted(rows, key=lambda x: (order[x[2].status], x[2].score))
    write_table(
        ws,
        ["位置", "环节", "状态", "得分", "判断依据", "本地企业数", "规上企业数", "产值或营收（亿元）", "链主企业数", "招引方向（环节关键词）"],
        [
            [
                s.get_stage_display(), s.name_zh, score.status, score.score, score.reason, r.firms if r else 0, r.above_scale if r else 0,
                round(float((r.output_value or r.revenue) / 10000), 2) if r else 0, r.chain_leaders if r else 0, "、".join(words.get(s.key, ())),
            ]
            for s, r, score in ranked
        ],
        widths=[8, 24, 8, 8, 30, 12, 12, 16, 12, 50],
    )  # fmt: skip
    info = wb.create_sheet("说明")
    info.append(["产业", industry.name_zh])
    info.append(["范围", district.name_zh if district else "全市"])
    info.append(
        [
            "方法",
            "各环节本地企业数、产值与本产业有企业的各环节中位数相比：无企业为缺链；企业少于 3 家或不到中位数 25% 为弱链（docs/enterprises.md）。",
        ]
    )
    if any(r and r.demo_firms for _, r, _ in rows):
        info.append(["演示数据", "本清单的企业数据含演示数据（chanye demo 生成），不代表真实情况。"])
    return workbook_bytes(wb)
