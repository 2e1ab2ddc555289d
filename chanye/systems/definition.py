"""Parse and validate a system definition file (docs/system-definition.md).

Pure Python (PyYAML + pydantic, no Django): the whole file is checked first, every problem is
reported with its YAML path and line, and only a clean definition reaches the loader.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from chanye.core.definitions import (  # noqa: F401 - Problem, DefinitionError, tidy_text: this module's public face
    Checker,
    Confidence,
    DefinitionError,
    DefinitionModel,
    Key,
    Name,
    Problem,
    line_for,
    parse_yaml_model,
    tidy_text,
)

FORMAT = "chanye-system/1"

SystemSlug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=60)]
SourceId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=20)]
AreaCode = Annotated[str, StringConstraints(pattern=r"^\d{6}$")]
Stage = Literal["upstream", "midstream", "downstream"]
ElementKind = Literal["overall_requirement", "direction", "measure", "mechanism", "policy_direction", "other"]

STAGE_ORDER = {"upstream": 0, "midstream": 1, "downstream": 2}
STAGE_ZH = {"upstream": "上游", "midstream": "中游", "downstream": "下游"}


class SourceDef(DefinitionModel):
    id: SourceId
    publisher: str = Field("", max_length=200)
    author: str = Field("", max_length=100)
    title: Name = Field(max_length=400)
    doc_no: str = Field("", max_length=60)
    date: dt.date | None = None
    kind: str = Field("", max_length=40)
    url: str = Field("", max_length=500)  # the original publisher's page, when known
    copy_url: str = Field("", max_length=500)  # a copy found on another site (转载)
    note: str = ""


class CityDef(DefinitionModel):
    name_zh: Name
    name_en: str = ""
    code: AreaCode


class SystemMeta(DefinitionModel):
    slug: SystemSlug
    code: str = ""
    name_zh: Name
    name_en: str = ""
    city: CityDef
    as_of: dt.date
    description_zh: str = ""
    sources: list[str] = []


class NumberDef(DefinitionModel):
    key: Key
    name_zh: Name
    value: Decimal | None = None
    label: str = ""
    unit: str = ""
    qualifier_zh: str = ""
    approximate: bool = False


class HalfDef(DefinitionModel):
    key: Key
    name_zh: Name
    name_en: str = ""


class ElementDef(DefinitionModel):
    key: Key
    kind: ElementKind
    name_zh: Name
    name_en: str = ""
    verb_zh: str = ""
    halves: list[HalfDef] = []
    numbers: list[NumberDef] = []
    owner_zh: str = ""
    quote: str = ""
    description_zh: str = ""
    sources: list[str] = []
    confidence: Confidence = "high"
    note: str = ""


class GroupDef(DefinitionModel):
    key: Key
    name_zh: Name
    name_en: str = ""
    family_zh: str = ""
    expected_count: Annotated[int, Field(ge=0)] | None = None


class SubIndustryDef(DefinitionModel):
    slug: Key
    name_zh: Name
    name_en: str = ""


class SegmentDef(DefinitionModel):
    key: Key
    name_zh: Name
    name_en: str = ""
    stage: Stage
    description_zh: str = ""


class IndustryDef(DefinitionModel):
    slug: Key
    group: str
    name_zh: Name
    name_en: str = ""
    confidence: Confidence
    status: Literal["confirmed", "pending"] = "confirmed"
    sources: list[str] = []
    notes_zh: str = ""
    alt_names_zh: list[str] = []
    candidates_zh: list[str] = []
    sub_industries: list[SubIndustryDef] = []
    segments: list[SegmentDef] = []


class OfficeDef(DefinitionModel):
    key: Key
    name_zh: Name
    name_en: str = ""
    industries: list[str]
    lead_body_zh: str = ""
    sources: list[str] = []
    confidence: Confidence = "high"
    note: str = ""


class PriorityDef(DefinitionModel):
    industry: str
    role_zh: str = ""
    sources: list[str] = []
    confidence: Confidence = "high"


class NamedSystemDef(DefinitionModel):
    name_zh: Name
    composition_zh: str = ""
    sources: list[str] = []
    confidence: Confidence = "high"


class FactDef(DefinitionModel):
    key: Key
    name_zh: Name
    value: Decimal
    unit: Name
    year: int | None = None
    sources: list[str] = []
    confidence: Confidence = "high"


class DistrictDef(DefinitionModel):
    code: AreaCode
    slug: Key
    name_zh: Name
    name_en: str = ""
    area_km2: Annotated[Decimal, Field(gt=0, max_digits=9, decimal_places=2)] | None = None
    area_confidence: Confidence | None = None
    area_sources: list[str] = []
    layout_zh: str = ""
    priority_industries: list[PriorityDef] = []
    named_systems: list[NamedSystemDef] = []
    facts: list[FactDef] = []


class PackageItemDef(DefinitionModel):
    key: Key
    name_zh: Name
    name_en: str = ""


class PackageCategoryDef(DefinitionModel):
    key: Key
    name_zh: Name
    items: Annotated[list[PackageItemDef], Field(min_length=1)]


class SupportPackageDef(DefinitionModel):
    name_zh: Name
    sources: list[str] = []
    categories: Annotated[list[PackageCategoryDef], Field(min_length=1)]


class Definition(DefinitionModel):
    format: Literal["chanye-system/1"]
    system: SystemMeta
    sources: list[SourceDef]
    elements: list[ElementDef]
    industry_groups: Annotated[list[GroupDef], Field(min_length=1)]
    industries: Annotated[list[IndustryDef], Field(min_length=1)]
    offices: list[OfficeDef] = []
    districts: list[DistrictDef] = []
    support_package: SupportPackageDef | None = None


def _check(d: Definition, lines: dict[tuple, int]) -> list[Problem]:
    c = Checker(lines)
    source_ids = {s.id for s in d.sources}
    c.unique([(("sources", i, "id"), s.id) for i, s in enumerate(d.sources)], "来源编号")

    def sources(path: tuple, ids: list[str]) -> None:
        for i, sid in enumerate(ids):
            if sid not in source_ids:
                c.add((*path, i), f"引用了未定义的来源「{sid}」。请在顶层 sources 中添加它，或改正编号。")

    sources(("system", "sources"), d.system.sources)

    element_keys = []
    for i, e in enumerate(d.elements):
        p = ("elements", i)
        element_keys.append(((*p, "key"), e.key))
        element_keys += [((*p, "halves", j, "key"), h.key) for j, h in enumerate(e.halves)]
        sources((*p, "sources"), e.sources)
        if e.halves and e.kind != "direction":
            c.add((*p, "halves"), "只有主攻方向（kind: direction）可以有 halves。")
        if e.kind == "direction" and len(e.halves) not in (0, 2):
            c.add((*p, "halves"), f"主攻方向应由两部分组成，这里有 {len(e.halves)} 部分。")
        c.unique([((*p, "numbers", j, "key"), n.key) for j, n in enumerate(e.numbers)], "数字标识")
    c.unique(element_keys, "要素标识")

    group_keys = {g.key for g in d.industry_groups}
    c.unique([(("industry_groups", i, "key"), g.key) for i, g in enumerate(d.industry_groups)], "分组标识")

    industry_slugs = {ind.slug for ind in d.industries}
    slugs = [(("industries", i, "slug"), ind.slug) for i, ind in enumerate(d.industries)]
    for i, ind in enumerate(d.industries):
        p = ("industries", i)
        slugs += [((*p, "sub_industries", j, "slug"), s.slug) for j, s in enumerate(ind.sub_industries)]
        sources((*p, "sources"), ind.sources)
        if ind.group not in group_keys:
            c.add((*p, "group"), f"未知的产业分组「{ind.group}」。可选：{'、'.join(sorted(group_keys))}。")
        if ind.status == "pending":
            if not ind.candidates_zh:
                c.add(
                    (*p, "candidates_zh"), "待确认（status: pending）的产业必须列出候选名称 candidates_zh。"
                )
            if ind.confidence in ("high", "medium"):
                c.add(
                    (*p, "confidence"),
                    f"待确认的产业可信度不能是「{ind.confidence}」：请用 unverified 或 low。",
                )
        elif ind.confidence == "unverified" and not ind.sources:
            c.add((*p, "status"), "未核实且没有来源的产业必须标为待确认（status: pending）。")
        if not ind.segments:
            c.add((*p, "segments"), "每个产业至少要有一个产业链环节（segments）。")
        c.unique([((*p, "segments", j, "key"), s.key) for j, s in enumerate(ind.segments)], "环节标识")
        for j in range(1, len(ind.segments)):
            before, after = ind.segments[j - 1].stage, ind.segments[j].stage
            if STAGE_ORDER[after] < STAGE_ORDER[before]:
                c.add(
                    (*p, "segments", j, "stage"),
                    f"环节顺序倒退：「{ind.segments[j].name_zh}」是{STAGE_ZH[after]}，却排在{STAGE_ZH[before]}环节之后。请按上游→中游→下游排列。",
                )
    c.unique(slugs, "产业标识")

    for g_index, g in enumerate(d.industry_groups):
        count = sum(1 for ind in d.industries if ind.group == g.key)
        if g.expected_count is not None and count != g.expected_count:
            c.add(
                ("industry_groups", g_index, "expected_count"),
                f"分组「{g.name_zh}」规定 {g.expected_count} 个产业，文件中有 {count} 个。尚未核实的席位请用 status: pending 占位。",
            )

    owner: dict[str, tuple] = {}
    c.unique([(("offices", i, "key"), o.key) for i, o in enumerate(d.offices)], "办公室标识")
    for i, o in enumerate(d.offices):
        p = ("offices", i)
        sources((*p, "sources"), o.sources)
        for j, slug in enumerate(o.industries):
            if slug not in industry_slugs:
                c.add((*p, "industries", j), f"引用了未定义的产业「{slug}」。请检查 industries 中的 slug。")
            elif slug in owner:
                c.add(
                    (*p, "industries", j),
                    f"产业「{slug}」已由第 {line_for(owner[slug], lines)} 行的办公室负责；一个产业只能归一个办公室。",
                )
            else:
                owner[slug] = (*p, "industries", j)

    city_prefix = d.system.city.code[:4]
    c.unique([(("districts", i, "code"), x.code) for i, x in enumerate(d.districts)], "行政区划代码")
    c.unique([(("districts", i, "slug"), x.slug) for i, x in enumerate(d.districts)], "区标识")
    for i, x in enumerate(d.districts):
        p = ("districts", i)
        if not x.code.startswith(city_prefix) or x.code.endswith("00"):
            c.add(
                (*p, "code"),
                f"行政区划代码「{x.code}」不是 {d.system.city.name_zh}（{d.system.city.code}）下辖的区县代码：应以 {city_prefix} 开头、末两位不为 00。",
            )
        sources((*p, "area_sources"), x.area_sources)
        c.unique(
            [
                ((*p, "priority_industries", j, "industry"), pr.industry)
                for j, pr in enumerate(x.priority_industries)
            ],
            "重点产业",
        )
        for j, pr in enumerate(x.priority_industries):
            if pr.industry not in industry_slugs:
                c.add(
                    (*p, "priority_industries", j, "industry"),
                    f"引用了未定义的产业「{pr.industry}」。请检查 industries 中的 slug。",
                )
            sources((*p, "priority_industries", j, "sources"), pr.sources)
        for j, ns in enumerate(x.named_systems):
            sources((*p, "named_systems", j, "sources"), ns.sources)
        c.unique([((*p, "facts", j, "key"), f.key) for j, f in enumerate(x.facts)], "数据标识")
        for j, f in enumerate(x.facts):
            sources((*p, "facts", j, "sources"), f.sources)

    if d.support_package:
        sp = d.support_package
        sources(("support_package", "sources"), sp.sources)
        c.unique(
            [(("support_package", "categories", i, "key"), cat.key) for i, cat in enumerate(sp.categories)],
            "类别标识",
        )
        c.unique(
            [
                (("support_package", "categories", i, "items", j, "key"), item.key)
                for i, cat in enumerate(sp.categories)
                for j, item in enumerate(cat.items)
            ],
            "事项标识",
        )
    return c.problems


# ---------------------------------------------------------------- entry point


def parse_definition(text: str) -> Definition:
    """Return the validated definition, or raise DefinitionError listing every problem."""
    return parse_yaml_model(text, Definition, _check, "format、system、industries")


def read_definition(path) -> Definition:
    from pathlib import Path

    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DefinitionError([Problem(0, "", f"找不到文件「{file}」。请检查路径。")], str(file)) from None
    except UnicodeDecodeError:
        raise DefinitionError(
            [Problem(0, "", f"文件「{file}」不是 UTF-8 编码。请另存为 UTF-8 后重试。")], str(file)
        ) from None
    try:
        return parse_definition(text)
    except DefinitionError as exc:
        exc.filename = str(file)
        raise


def slug_is_valid(value: str) -> bool:
    return bool(re.fullmatch(r"^[a-z][a-z0-9_]*$", value))
