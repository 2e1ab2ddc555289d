"""The three lists as import registers (chanye.core.importing does the checking and writing)."""

from chanye.accounts.permissions import row_guard
from chanye.analytics import lists as pl
from chanye.core.importing import Col, Register, system_lookups, words

from .models import Expansion, Lead, Transfer

YES_NO = {"是": True, "否": False, "": False}
STOPPED = {"是": True, "否": False, "": False, "终止": True}


list_lookups = system_lookups("industries", "offices", "segments", "firms", "industry_offices")
guard = row_guard(office="office", industry="industry")


def _common(first: str) -> list:
    return [
        Col("编号", "code", True, max_len=60, hint="如 ZS-2025-001"),
        Col("产业", "industry", True, "lookup", lookup="industries"),
        Col("产业链环节", "segment", False, "lookup", lookup="segments", within="industry"),
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
    ("code",), list_lookups, check=_stopped_needs_reason, authorize=guard,
)  # fmt: skip
TRANSFERS = Register(
    "科技转化清单", Transfer,
    [Col("成果或专利", "title", True), Col("专利号", "patent_no", max_len=60), Col("持有单位", "holder", True, max_len=120), Col("承接企业", "receiver"),
     Col("阶段", "stage", True, "choice", words(pl.TRANSFER_STAGES)), Col("交易额（万元）", "value", False, "money"), *_common("转化落地区")],
    ("code",), list_lookups, check=_stopped_needs_reason, authorize=guard,
)  # fmt: skip
EXPANSIONS = Register(
    "增资扩产清单", Expansion,
    [Col("企业", "firm_name", True), Col("企业统一社会信用代码", "enterprise", False, "lookup", lookup="firms"), Col("阶段", "stage", True, "choice", words(pl.EXPANSION_STAGES)),
     Col("计划增资（万元）", "planned_capital", False, "money"), Col("新增产能", "capacity", max_len=120), *_common("所在区")],
    ("code",), list_lookups, check=_stopped_needs_reason, authorize=guard,
)  # fmt: skip
