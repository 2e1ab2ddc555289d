"""Reads for the three lists: per-industry summaries, funnels, overdue actions, segments filled."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Max

from chanye.analytics import lists as pl
from chanye.analytics.chains import MISSING, WEAK

from .importing import EXPANSIONS, LEADS, TRANSFERS
from .models import Expansion, Lead, Transfer


@dataclass(frozen=True)
class ListKind:
    key: str
    label: str
    model: type
    register: object
    stages: tuple
    item_key: str  # the 3+5+3+1 package item this list is


LISTS = {
    "leads": ListKind("leads", "招商清单", Lead, LEADS, pl.LEAD_STAGES, "investment_attraction_list"),
    "transfers": ListKind(
        "transfers", "科技转化清单", Transfer, TRANSFERS, pl.TRANSFER_STAGES, "tech_transfer_list"
    ),
    "expansions": ListKind(
        "expansions", "增资扩产清单", Expansion, EXPANSIONS, pl.EXPANSION_STAGES, "expansion_list"
    ),
}


def items(kind: ListKind, system, *, industry: str = "", office: str = "", stage: str = "", state: str = ""):
    qs = kind.model.objects.filter(system=system).select_related("industry", "segment", "office", "district")
    if industry:
        qs = qs.filter(industry__slug=industry)
    if office:
        qs = qs.filter(office__key=office)
    if stage:
        qs = qs.filter(stage=stage)
    if state == "open":
        qs = qs.filter(lost=False).exclude(stage=kind.stages[-1][0])
    elif state == "lost":
        qs = qs.filter(lost=True)
    return qs


def with_overdue(rows, kind: ListKind, today: date) -> list:
    rows = list(rows)
    for r in rows:
        r.overdue = pl.overdue_days(r.next_action_on, today, open_=pl.is_open(r.stage, r.lost, kind.stages))
    return rows


def funnel_of(kind: ListKind, qs) -> list:
    return pl.funnel(qs.values_list("stage", flat=True), kind.stages)


@dataclass
class ListState:
    total: int
    open: int
    worked: bool


def list_states(system, today: date) -> dict[tuple[int, str], ListState]:
    """(industry id, package item key) → the list's state, for the 3+5+3+1 matrix."""
    out = {}
    for kind in LISTS.values():
        totals = defaultdict(int)
        opened = defaultdict(int)
        last = {}
        for industry_id, stage, lost in kind.model.objects.filter(system=system).values_list(
            "industry_id", "stage", "lost"
        ):
            totals[industry_id] += 1
            opened[industry_id] += pl.is_open(stage, lost, kind.stages)
        open_q = kind.model.objects.filter(system=system, lost=False).exclude(stage=kind.stages[-1][0])
        for industry_id, changed in (
            open_q.values_list("industry_id").annotate(m=Max("updated_at")).order_by()
        ):
            last[industry_id] = changed.date()
        for industry_id, n in totals.items():
            out[(industry_id, kind.item_key)] = ListState(
                n, opened[industry_id], pl.worked(opened[industry_id], last.get(industry_id), today)
            )
    return out


def summary(system, today: date, *, office: str = "") -> list:
    """Per industry: for each list, (items, open, overdue next actions)."""
    industries = list(system.industries.select_related("office").order_by("order"))
    if office:
        industries = [i for i in industries if i.office and i.office.key == office]
    rows = {i.pk: {"industry": i, "cells": {}} for i in industries}
    for kind in LISTS.values():
        for r in with_overdue(kind.model.objects.filter(system=system, industry__in=industries), kind, today):
            cell = rows[r.industry_id]["cells"].setdefault(kind.key, [0, 0, 0])
            cell[0] += 1
            cell[1] += pl.is_open(r.stage, r.lost, kind.stages)
            cell[2] += r.overdue is not None
    return [(row["industry"], [row["cells"].get(k, [0, 0, 0]) for k in LISTS]) for row in rows.values()]


def segments_filled(system, industry) -> list[tuple]:
    """The industry's weak and missing chain segments with the open leads aimed at each."""
    from chanye.enterprises.selectors import chain_stats

    rows, _ = chain_stats(industry)
    open_leads = defaultdict(int)
    for segment_id in (
        Lead.objects.filter(system=system, industry=industry, lost=False)
        .exclude(stage="landed")
        .values_list("segment_id", flat=True)
    ):
        open_leads[segment_id] += 1
    return [
        (segment, score, open_leads.get(segment.pk, 0))
        for segment, _, score in rows
        if score.status in (MISSING, WEAK)
    ]


def package_item_states(*, system, today: date) -> dict:
    """The three lists' package items of the 3+5+3+1 matrix, derived (slot "package_item_states")."""
    return list_states(system, today)


def district_layout_figures(*, system, district, industry_ids) -> dict:
    """Open and signed 招商 leads per layout industry (slot "district_layout")."""
    from chanye.districts.selectors import LayoutColumn

    open_, signed = defaultdict(int), defaultdict(int)
    for industry_id, stage, lost in Lead.objects.filter(
        system=system, district=district, industry_id__in=industry_ids
    ).values_list("industry_id", "stage", "lost"):
        open_[industry_id] += pl.is_open(stage, lost, pl.LEAD_STAGES)
        signed[industry_id] += not lost and stage in ("signed", "landed")
    return {
        "columns": [
            LayoutColumn("招商在办", "条", dict(open_), "招商清单"),
            LayoutColumn("已签约", "条", dict(signed), "招商清单"),
        ]
    }
