"""The three lists as import registers (chanye.core.registers does the checking and writing)."""

from chanye.analytics import pipelines as pl
from chanye.core.registers import Col, Register, district_lookups, words

from .models import Expansion, Lead, Transfer

YES_NO = {"是": True, "否": False, "": False}
STOPPED = {"是": True, "否": False, "": False, "终止": True}


def list_lookups(system) -> dict:
    from chanye.enterprises.models import Enterprise

    industries, offices, segments = {}, {}, {}
    for pk, slug, name in system.industries.values_list("pk", "slug", "name_zh"):
        industries[slug] = industries[name] = pk
    for pk, key, name in system.offices.values_list("pk", "key", "name_zh"):
        offices[key] = offices[name] = pk
    for pk, key, name in system.industries.values_list("segments__pk", "segments__key", "segments__name_zh"):
        if pk is not None:
            segments[key] = segments.setdefault(name, pk)
    firms = dict(Enterprise.objects.filter(system=system).exclude(uscc=None).values_list("uscc", "pk"))
    return district_lookups(system) | {
        "industries": industries, "industries_hint": "不是本体系的产业：请填产业名称（如 智能网联与新能源汽车）。",
        "offices": offices, "offices_hint": "不是本体系的产业发展办公室：请填其名称，或留空。",
        "segments": segments, "segments_hint": "不是本体系的产业链环节：请填环节名称（见产业链图谱），或留空。",
        "firms": firms, "firms_hint": "企业登记中没有这个统一社会信用代码：请先导入企业，或留空。",
    }  # fmt: skip


def _common(first: str) -> list:
    return [
        Col("编号", "code", True, max_len=60, hint="如 ZS-2025-001"),
        Col("产业", "industry", True, "lookup", lookup="industries"),
        Col("产业链环节", "segment", False, "lookup", lookup="segments"),
        Col("产业办", "office", False, "lookup", lookup="offices"),
        Col(first, "district", False, "lookup", lookup="districts"),
        Col("负责人", "owner", max_len=60),
        Col("下一步工作", "next_action"),
        Col("下一步日期", "next_action_on", False, "date"),
        Col("进入当前阶段日期", "stage_on", False, "date"),
        Col("是否终止", "lost", False, "choice", STOPPED),
        Col("成败原因", "reason", max_len=300),
        Col("备注", "note", max_len=300),
    ]


def _stopped_needs_reason(clean: dict) -> list[tuple[str, str]]:
    return [("reason", "已终止的条目请写明原因。")] if clean.get("lost") and not clean.get("reason") else []


LEADS = Register(
    "招商清单", Lead,
    [Col("目标企业", "firm_name", True), Col("阶段", "stage", True, "choice", words(pl.LEAD_STAGES)), Col("市内企业", "inside_city", False, "choice", YES_NO),
     Col("企业统一社会信用代码", "enterprise", False, "lookup", lookup="firms"), Col("线索来源", "lead_source", max_len=60),
     Col("预计投资（万元）", "expected_investment", False, "money"), *_common("拟落地区")],
    ("code",), list_lookups, check=_stopped_needs_reason,
)  # fmt: skip
TRANSFERS = Register(
    "科技转化清单", Transfer,
    [Col("成果或专利", "title", True), Col("专利号", "patent_no", max_len=60), Col("持有单位", "holder", True, max_len=120), Col("承接企业", "receiver"),
     Col("阶段", "stage", True, "choice", words(pl.TRANSFER_STAGES)), Col("交易额（万元）", "value", False, "money"), *_common("转化落地区")],
    ("code",), list_lookups, check=_stopped_needs_reason,
)  # fmt: skip
EXPANSIONS = Register(
    "增资扩产清单", Expansion,
    [Col("企业", "firm_name", True), Col("企业统一社会信用代码", "enterprise", False, "lookup", lookup="firms"), Col("阶段", "stage", True, "choice", words(pl.EXPANSION_STAGES)),
     Col("计划增资（万元）", "planned_capital", False, "money"), Col("新增产能", "capacity", max_len=120), *_common("所在区")],
    ("code",), list_lookups, check=_stopped_needs_reason,
)  # fmt: skip
