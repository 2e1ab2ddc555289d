"""The enterprise import/export columns: 中文表头, field, kind. One list for template, import and export."""

from dataclasses import dataclass

from .models import TAGS


@dataclass(frozen=True)
class Column:
    field: str
    heading: str
    kind: str  # uscc, text, district, park, industry_code, date, bool, year, quarter, money, int, number
    required: bool = False
    max_len: int = 0
    help: str = ""


COLUMNS = [
    Column("uscc", "统一社会信用代码", "uscc", required=True, help="18 位，按 GB 32100-2015 校验"),
    Column("name", "企业名称", "text", required=True, max_len=200),
    Column("district", "所在区", "district", required=True, help="区名（如 天河区）或六位行政区划代码"),
    Column(
        "industry_code", "国民经济行业代码", "industry_code", help="GB/T 4754-2017 小类，4 位数字，如 3612"
    ),
    Column("business_scope", "经营范围", "text", max_len=4000),
    Column("main_products", "主要产品", "text", max_len=500),
    Column("founded_on", "成立日期", "date", help="如 2015-06-30"),
    Column("above_scale", "规上企业", "bool", help="是 / 否"),
    *[
        Column(field, label.replace("“", "").replace("”", ""), "bool", help="是 / 否")
        for field, label in TAGS
    ],
    Column("year", "年度", "year", help="经营数据所属年度，如 2024；不填经营数据可留空"),
    Column("quarter", "季度", "quarter", help="1–4；全年数据留空"),
    Column("output_value", "工业总产值（万元）", "money"),
    Column("revenue", "营业收入（万元）", "money"),
    Column("tax", "税收（万元）", "money"),
    Column("rd_spend", "研发投入（万元）", "money"),
    Column("employees", "从业人员（人）", "int"),
    Column("land_mu", "用地面积（亩）", "number"),
    Column("energy_tce", "综合能耗（吨标准煤）", "number"),
    # Last, so templates and files made before it keep their column letters.
    Column("park", "所在园区", "park", help="已登记园区的名称或标识；不在园区可留空"),
]
BY_HEADING = {c.heading: c for c in COLUMNS}
BY_FIELD = {c.field: c for c in COLUMNS}
ENTERPRISE_FIELDS = [
    c.field
    for c in COLUMNS
    if c.field not in ("year", "quarter") and c.kind not in ("money", "int", "number")
]
FIGURE_FIELDS = [c.field for c in COLUMNS if c.kind in ("money", "int", "number")]
BOOL_FIELDS = [c.field for c in COLUMNS if c.kind == "bool"]
TRUE_WORDS = ("是", "Y", "y", "YES", "yes", "1", "TRUE", "true", "√")
FALSE_WORDS = ("否", "N", "n", "NO", "no", "0", "FALSE", "false", "")


def heading_key(text: str) -> str:
    """Headings as typed: ASCII brackets and stray spaces are accepted."""
    return str(text).strip().replace("(", "（").replace(")", "）").replace(" ", "")
