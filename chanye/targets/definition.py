"""Parse and validate a targets definition file (docs/targets-definition.md).

Pure Python on chanye.core.definitions: the whole file is checked, every problem reported
with line and YAML path, against the references of an already loaded system (passed in as
plain sets, so no database is needed here).
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from chanye.analytics.units import compatible, is_known
from chanye.core.definitions import Checker, Confidence, DefinitionModel, Name, Problem, parse_yaml_model

FORMAT = "chanye-targets/1"
Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)]
Owner = Annotated[str, StringConstraints(pattern=r"^(city|district:\d{6}|body:.+|office:[a-z][a-z0-9_]*)$")]
Comparison = Literal[">=", ">", "<=", "<", "="]
TargetKind = Literal["level", "count", "growth_rate", "annual_increment", "cumulative", "long_range"]
Trajectory = Literal["linear", "compound", "milestone", "annual_increment", "custom", "none"]


class IndicatorDef(DefinitionModel):
    code: Code
    name_zh: Name
    name_en: str = ""
    unit: Name
    direction: Literal["increase", "decrease"] = "increase"
    aggregation: Literal["sum", "latest", "mean", "count"] = "latest"
    additive: bool = True


class PointDef(DefinitionModel):
    date: dt.date
    value: Decimal


class BaselineDef(DefinitionModel):
    value: Decimal
    date: dt.date


class TargetDef(DefinitionModel):
    code: Code
    indicator: str
    owner: Owner
    owner_body_zh: str = ""
    industries: list[str] = []
    measures: list[str] = []
    kind: TargetKind
    comparison: Comparison
    value: Decimal
    unit: Name
    qualifier_zh: str = ""
    approximate: bool = False
    tolerance_pct: Annotated[Decimal, Field(ge=0, le=100)] | None = None
    baseline: BaselineDef | None = None
    period_start: dt.date | None = None
    deadline: dt.date | None = None
    deadline_confirmed: bool = True
    trajectory: Trajectory = "linear"
    trajectory_points: list[PointDef] = []
    increment: Decimal | None = None
    growth_rate_pct: Decimal | None = None
    quote: Name = Field(max_length=1000)
    source: str
    confidence: Confidence = "high"
    note: str = ""
    computation: str = ""


class MilestoneDef(DefinitionModel):
    code: Code
    owner: Owner
    owner_body_zh: str = ""
    name_zh: Name
    due_date: dt.date | None = None
    due_note: str = ""
    industries: list[str] = []
    quote: Name = Field(max_length=1000)
    source: str
    confidence: Confidence = "high"


class TargetsDefinition(DefinitionModel):
    format: Literal["chanye-targets/1"]
    system: str
    indicators: list[IndicatorDef]
    targets: list[TargetDef]
    milestones: list[MilestoneDef] = []


@dataclass(frozen=True)
class KnownRefs:
    """What the loaded system offers for references (plain sets, read by the caller)."""

    system_slug: str
    industries: frozenset[str] = frozenset()
    districts: frozenset[str] = frozenset()
    offices: frozenset[str] = frozenset()
    measures: frozenset[str] = frozenset()
    sources: frozenset[str] = frozenset()
    source_texts: dict[str, str] = field(default_factory=dict)
    computations: frozenset[str] = frozenset()


def _check(d: TargetsDefinition, known: KnownRefs, lines) -> list[Problem]:
    c = Checker(lines)
    if d.system != known.system_slug:
        c.add(
            ("system",),
            f"文件属于体系「{d.system}」，而载入目标是「{known.system_slug}」。请先载入该体系，或改正 system。",
        )
    indicators = {i.code: i for i in d.indicators}
    c.unique([(("indicators", n, "code"), i.code) for n, i in enumerate(d.indicators)], "指标代码")
    for n, i in enumerate(d.indicators):
        if not is_known(i.unit):
            c.add(
                ("indicators", n, "unit"),
                f"不认识的单位「{i.unit}」。可用单位见 docs/targets-definition.md。",
            )
    used = set()

    def owner(path, value):
        kind, _, ref = value.partition(":")
        if kind == "district" and ref not in known.districts:
            c.add(path, f"没有行政区划代码为「{ref}」的区。可选：{'、'.join(sorted(known.districts))}。")
        if kind == "office" and ref not in known.offices:
            c.add(path, f"没有产业办「{ref}」。可选：{'、'.join(sorted(known.offices))}。")

    def refs(path, values, pool, what):
        for k, v in enumerate(values):
            if v not in pool:
                c.add((*path, k), f"引用了未定义的{what}「{v}」。")

    def quote(path, source, text):
        if source not in known.sources:
            c.add((*path, "source"), f"引用了未定义的来源「{source}」。请在体系定义的 sources 中添加它。")
        elif source in known.source_texts and text not in known.source_texts[source]:
            c.add(
                (*path, "quote"), f"原文引语在来源 {source} 的原文中找不到，必须逐字摘录：「{text[:40]}」。"
            )

    c.unique([(("targets", n, "code"), t.code) for n, t in enumerate(d.targets)], "目标代码")
    for n, t in enumerate(d.targets):
        p = ("targets", n)
        owner((*p, "owner"), t.owner)
        refs((*p, "industries"), t.industries, known.industries, "产业")
        refs((*p, "measures"), t.measures, known.measures, "举措")
        quote(p, t.source, t.quote)
        indicator = indicators.get(t.indicator)
        if indicator is None:
            c.add((*p, "indicator"), f"引用了未定义的指标「{t.indicator}」。请在 indicators 中定义它。")
        else:
            used.add(t.indicator)
            if not is_known(t.unit):
                c.add((*p, "unit"), f"不认识的单位「{t.unit}」。可用单位见 docs/targets-definition.md。")
            elif (
                is_known(indicator.unit)
                and not compatible(t.unit, indicator.unit)
                and not (t.kind == "annual_increment" and t.unit in ("个百分点", "pp"))
            ):
                c.add(
                    (*p, "unit"),
                    f"单位「{t.unit}」不能换算为指标「{indicator.name_zh}」的单位「{indicator.unit}」。",
                )
        if t.computation and t.computation not in known.computations:
            c.add(
                (*p, "computation"),
                f"未注册的计算规则「{t.computation}」。可选：{'、'.join(sorted(known.computations)) or '（无）'}。",
            )
        if t.trajectory in ("milestone", "custom") and not t.trajectory_points:
            c.add((*p, "trajectory_points"), "分段或自定义轨迹需要 trajectory_points。")
        if t.trajectory == "annual_increment" and t.increment is None:
            c.add((*p, "increment"), "逐年递增轨迹需要每年增量 increment。")
        if t.kind == "growth_rate" and t.growth_rate_pct is None:
            c.add((*p, "growth_rate_pct"), "增速目标需要 growth_rate_pct（如 10 表示同比增长 10%）。")
        if t.trajectory != "none" and t.deadline is None:
            c.add((*p, "deadline"), "没有期限的目标不能有轨迹：请填写 deadline，或把 trajectory 设为 none。")
        if t.period_start and t.deadline and t.period_start >= t.deadline:
            c.add((*p, "period_start"), f"起始日期 {t.period_start} 不早于期限 {t.deadline}。")
    # Targets on one indicator and owner read one series of actuals: they must agree on where the
    # actuals come from (typed, or computed by one rule).
    series: dict[tuple, tuple[int, str]] = {}
    for n, t in enumerate(d.targets):
        first = series.setdefault((t.indicator, t.owner), (n, t.computation))
        if first[1] != t.computation:
            c.add(
                ("targets", n, "computation"),
                f"与目标「{d.targets[first[0]].code}」是同一指标、同一责任主体，实际值是同一组数据，"
                f"计算规则必须相同（现为「{t.computation or '手工填报'}」与「{first[1] or '手工填报'}」）。",
            )
    for n, i in enumerate(d.indicators):
        if i.code not in used:
            c.add(("indicators", n, "code"), f"指标「{i.code}」没有被任何目标使用。请删除或补充目标。")
    c.unique([(("milestones", n, "code"), m.code) for n, m in enumerate(d.milestones)], "节点任务代码")
    for n, m in enumerate(d.milestones):
        owner(("milestones", n, "owner"), m.owner)
        refs(("milestones", n, "industries"), m.industries, known.industries, "产业")
        quote(("milestones", n), m.source, m.quote)
    return c.problems


def parse_targets(text: str, known: KnownRefs) -> TargetsDefinition:
    return parse_yaml_model(
        text,
        TargetsDefinition,
        lambda d, lines: _check(d, known, lines),
        "format、system、indicators、targets",
    )
