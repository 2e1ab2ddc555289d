"""Writes for the three lists: a signed lead becomes a project; demo items."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from chanye.accounts.permissions import DENIED_LEAD_CONVERT, can_edit_lists, can_write_record
from chanye.analytics import lists as pl
from chanye.core.history import SOURCE_CLI, acting_as, current_source
from chanye.core.pagecache import bump_data_version
from chanye.core.services import delete_demo
from chanye.industries.models import Industry
from chanye.places.demo import fitting, number_by_date

from .models import Expansion, Lead, Transfer


def lead_to_project(*, lead: Lead, user):
    """The signed lead as a 招商引资项目, its fields carried over (no retyping); linked both ways."""
    from chanye.projects.models import Project

    office_id = lead.office_id or (lead.industry.office_id if lead.industry_id else None)
    if not (
        can_edit_lists(user) and can_write_record(user, district_id=lead.district_id, office_id=office_id)
    ):
        raise PermissionDenied(DENIED_LEAD_CONVERT)
    if lead.project_id:
        raise ValidationError(f"这条线索已转为项目 {lead.project.code}。")
    if lead.lost or lead.stage not in ("signed", "landed"):
        raise ValidationError("只有已签约（或已落地）且未终止的线索可以转为项目：请先把阶段改为“签约”。")
    if lead.district_id is None:
        raise ValidationError("请先填写拟落地区：项目必须有所在区。")
    with transaction.atomic(), acting_as(user, source=current_source()):
        project = Project.objects.create(
            system=lead.system, code=f"ZS-{lead.code}"[:60], name=f"{lead.firm_name}项目", kind="investment", industry=lead.industry,
            segment=lead.segment, enterprise=lead.enterprise, district=lead.district, office=lead.office,
            planned_investment=lead.expected_investment, signed_on=lead.stage_on or date.today(), origin="manual",
            note=f"由招商线索 {lead.code} 转入",
        )  # fmt: skip
        lead.project = project
        lead.save()
    bump_data_version()
    return project


FIRMS = ["华南", "粤海", "珠江", "湾区", "岭南", "南方", "中科", "广汇", "新港", "云峰"]
SOURCES = ["以商招商", "展会", "中介机构", "产业基金", "主动接洽", "驻外招商"]
HOLDERS = ["中山大学", "华南理工大学", "暨南大学", "广东工业大学", "中科院广州分院", "广州实验室"]


# Demo codes look like the lists' own: YS (演示) + the list's letters, the year, a number.
DEMO_CODE_PREFIXES = {Lead: "YSZS", Transfer: "YSKZ", Expansion: "YSZK"}  # 招商, 科技转化, 增资扩产


def _trade_words(industry) -> list[str]:
    """Whole words a firm of the industry could be named by: "智能网联与新能源汽车" gives 智能网联
    and 新能源汽车, never a slice such as 智能网联与新."""
    return industry.name_zh.split("与")


def _firm_name(rng: random.Random, model, industry, suffix: str) -> str:
    firm, word = rng.choice(FIRMS), rng.choice(_trade_words(industry))
    return fitting(model, "firm_name", f"{firm}{word}{suffix}（演示）", f"{firm}{suffix}（演示）")


def _stage(rng: random.Random, stages, weights) -> str:
    return rng.choices([k for k, _ in stages], weights=weights)[0]


def lists_demo(*, system, user, today: date, seed: int = 3) -> int:
    """Deterministic demo items (origin 演示数据) in every industry's three lists."""
    if Lead.objects.filter(system=system, origin="demo").exists():
        return 0
    rng = random.Random(seed)
    # A pending slot (待确认) is not an industry yet: nothing, not even demo data, goes in it.
    industries = list(
        system.industries.exclude(status=Industry.STATUS_PENDING)
        .select_related("office")
        .prefetch_related("segments")
        .order_by("order")
    )
    districts = list(system.districts.order_by("order"))
    made = {Lead: [], Transfer: [], Expansion: []}
    for industry in industries:
        segments = list(industry.segments.all())
        for _ in range(rng.randrange(3, 12)):
            stage = _stage(rng, pl.LEAD_STAGES, [30, 25, 15, 12, 10, 8])
            lost = stage not in ("signed", "landed") and rng.random() < 0.15
            made[Lead].append(Lead(
                system=system, industry=industry, segment=rng.choice(segments) if segments and rng.random() < 0.7 else None,
                office=industry.office, district=rng.choice(districts), owner="（演示）招商专员", firm_name=_firm_name(rng, Lead, industry, "科技有限公司"),
                inside_city=rng.random() < 0.3, lead_source=rng.choice(SOURCES), expected_investment=Decimal(rng.randrange(1000, 300000)), stage=stage, lost=lost,
                reason="（演示）对方投资计划调整" if lost else "", next_action="（演示）约见企业高层" if not lost else "",
                next_action_on=today + timedelta(days=rng.randrange(-40, 60)) if not lost else None, stage_on=today - timedelta(days=rng.randrange(5, 300)), origin="demo",
            ))  # fmt: skip
        for i in range(rng.randrange(1, 6)):
            made[Transfer].append(Transfer(
                system=system, industry=industry, office=industry.office, district=rng.choice(districts),
                title=f"（演示）{rng.choice(_trade_words(industry))}关键技术成果 {i + 1}", holder=rng.choice(HOLDERS), receiver=f"{rng.choice(FIRMS)}科技有限公司（演示）",
                stage=_stage(rng, pl.TRANSFER_STAGES, [35, 30, 20, 15]), value=Decimal(rng.randrange(50, 5000)), owner="（演示）科技专员",
                next_action="（演示）组织对接会", next_action_on=today + timedelta(days=rng.randrange(-30, 60)), stage_on=today - timedelta(days=rng.randrange(5, 200)), origin="demo",
            ))  # fmt: skip
        for _ in range(rng.randrange(1, 6)):
            made[Expansion].append(Expansion(
                system=system, industry=industry, office=industry.office, district=rng.choice(districts),
                firm_name=_firm_name(rng, Expansion, industry, "股份有限公司"), stage=_stage(rng, pl.EXPANSION_STAGES, [35, 25, 25, 15]),
                planned_capital=Decimal(rng.randrange(1000, 100000)), capacity="（演示）新增产能 20%", owner="（演示）服务专员",
                next_action="（演示）协调用地指标", next_action_on=today + timedelta(days=rng.randrange(-30, 60)), stage_on=today - timedelta(days=rng.randrange(5, 200)), origin="demo",
            ))  # fmt: skip
    for model, rows in made.items():
        number_by_date(rows, field="code", dated="stage_on", prefix=DEMO_CODE_PREFIXES[model])
    with transaction.atomic(), acting_as(user, source=SOURCE_CLI):
        for model, rows in made.items():
            bulk_create_with_history(
                rows, model, default_user=user, custom_historical_attrs={"source": SOURCE_CLI}
            )
    bump_data_version()
    return sum(len(rows) for rows in made.values())


def lists_demo_clear(*, system, user) -> int:
    return delete_demo(models=(Lead, Transfer, Expansion), system=system, user=user)
