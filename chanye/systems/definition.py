"""Parse and validate a system definition file (docs/system-definition.md).

Pure Python (PyYAML + pydantic, no Django): the whole file is checked first, every problem is
reported with its YAML path and line, and only a clean definition reaches the loader.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

FORMAT = "chanye-system/1"

Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
SystemSlug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=60)]
SourceId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=20)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
AreaCode = Annotated[str, StringConstraints(pattern=r"^\d{6}$")]
Confidence = Literal["high", "medium", "low", "unverified"]
Stage = Literal["upstream", "midstream", "downstream"]
ElementKind = Literal["overall_requirement", "direction", "measure", "mechanism", "policy_direction", "other"]

STAGE_ORDER = {"upstream": 0, "midstream": 1, "downstream": 2}
STAGE_ZH = {"upstream": "上游", "midstream": "中游", "downstream": "下游"}


# YAML folded text (>-) joins lines with a space, which is wrong between Chinese characters.
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u201c\u201d"
_CJK_GAP = re.compile(f"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")


def tidy_text(value):
    """Drop spaces between two CJK characters (left by folded YAML lines)."""
    if isinstance(value, str):
        return _CJK_GAP.sub("", value)
    if isinstance(value, list):
        return [tidy_text(v) for v in value]
    return value


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _tidy(cls, data):
        if isinstance(data, dict):
            # `field: null` on an optional text field means "not given", as YAML authors expect.
            fields = cls.model_fields
            return {k: tidy_text(v) for k, v in data.items() if not (v is None and k in fields and fields[k].default == "")}
        return data


class SourceDef(_Base):
    id: SourceId
    title: Name = Field(max_length=400)
    url: str = ""
    kind: str = ""
    date: dt.date | None = None
    note: str = ""


class CityDef(_Base):
    name_zh: Name
    name_en: str = ""
    code: AreaCode


class SystemMeta(_Base):
    slug: SystemSlug
    code: str = ""
    name_zh: Name
    name_en: str = ""
    city: CityDef
    as_of: dt.date
    description_zh: str = ""
    sources: list[str] = []


class NumberDef(_Base):
    key: Key
    name_zh: Name
    value: Decimal | None = None
    label: str = ""
    unit: str = ""
    qualifier_zh: str = ""
    approximate: bool = False


class HalfDef(_Base):
    key: Key
    name_zh: Name
    name_en: str = ""


class ElementDef(_Base):
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


class GroupDef(_Base):
    key: Key
    name_zh: Name
    name_en: str = ""
    family_zh: str = ""
    expected_count: Annotated[int, Field(ge=0)] | None = None


class SubIndustryDef(_Base):
    slug: Key
    name_zh: Name
    name_en: str = ""


class SegmentDef(_Base):
    key: Key
    name_zh: Name
    name_en: str = ""
    stage: Stage
    description_zh: str = ""


class IndustryDef(_Base):
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


class OfficeDef(_Base):
    key: Key
    name_zh: Name
    name_en: str = ""
    industries: list[str]
    lead_body_zh: str = ""
    sources: list[str] = []
    confidence: Confidence = "high"
    note: str = ""


class PriorityDef(_Base):
    industry: str
    role_zh: str = ""
    sources: list[str] = []
    confidence: Confidence = "high"


class NamedSystemDef(_Base):
    name_zh: Name
    composition_zh: str = ""
    sources: list[str] = []
    confidence: Confidence = "high"


class FactDef(_Base):
    key: Key
    name_zh: Name
    value: Decimal
    unit: Name
    year: int | None = None
    sources: list[str] = []
    confidence: Confidence = "high"


class DistrictDef(_Base):
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


class PackageItemDef(_Base):
    key: Key
    name_zh: Name
    name_en: str = ""


class PackageCategoryDef(_Base):
    key: Key
    name_zh: Name
    items: Annotated[list[PackageItemDef], Field(min_length=1)]


class SupportPackageDef(_Base):
    name_zh: Name
    sources: list[str] = []
    categories: Annotated[list[PackageCategoryDef], Field(min_length=1)]


class Definition(_Base):
    format: Literal["chanye-system/1"]
    system: SystemMeta
    sources: list[SourceDef]
    elements: list[ElementDef]
    industry_groups: Annotated[list[GroupDef], Field(min_length=1)]
    industries: Annotated[list[IndustryDef], Field(min_length=1)]
    offices: list[OfficeDef] = []
    districts: list[DistrictDef] = []
    support_package: SupportPackageDef | None = None


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the file, located by line and YAML path."""

    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"第 {self.line} 行" if self.line else "文件"
        return f"{where} {self.path}：{self.message}" if self.path else f"{where}：{self.message}"


class DefinitionError(Exception):
    def __init__(self, problems: list[Problem], filename: str = ""):
        self.problems = sorted(problems)
        self.filename = filename
        super().__init__("\n".join(str(p) for p in self.problems))


# ---------------------------------------------------------------- YAML with line numbers


def _compose(text: str) -> tuple[Any, dict[tuple, int], list[Problem]]:
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, []
        data = loader.construct_document(node)
    finally:
        loader.dispose()
    lines: dict[tuple, int] = {}
    duplicates: list[Problem] = []
    _walk(node, (), lines, duplicates)
    return data, lines, duplicates


def _walk(node, path: tuple, lines: dict[tuple, int], duplicates: list[Problem]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, key_node.value)
            if child in lines:
                # PyYAML keeps the last of two equal keys: the first value would vanish silently.
                duplicates.append(
                    Problem(
                        key_node.start_mark.line + 1,
                        format_path(child),
                        f"字段「{key_node.value}」重复（第 {lines[child]} 行已出现）。同一处每个字段只能写一次。",
                    )
                )
            lines.setdefault(child, key_node.start_mark.line + 1)
            _walk(value_node, child, lines, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, duplicates)


def format_path(path: tuple) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _line_for(path: tuple, lines: dict[tuple, int]) -> int:
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return 0


# ---------------------------------------------------------------- messages

PATTERN_HINTS = {
    "slug": "只能用小写字母、数字和下划线，且以字母开头，如 icv_nev",
    "key": "只能用小写字母、数字和下划线，且以字母开头，如 plan",
    "code": "应为 6 位数字的行政区划代码（GB/T 2260），并加引号，如 \"440104\"",
    "id": "只能用字母、数字、下划线、点和连字符，如 S00",
}


def pydantic_error_zh(error: dict) -> str:
    """A pydantic error as a Chinese sentence that says what to fix."""
    kind = error["type"]
    loc = error["loc"]
    field = str(loc[-1]) if loc else ""
    value = error.get("input")
    shown = repr(value) if not isinstance(value, str) else value
    ctx = error.get("ctx") or {}
    # Some callers (django-ninja) drop the input; then the sentence names no value.
    q = "该值" if value is None else f"「{shown}」"
    if kind == "missing":
        return f"缺少必填字段「{field}」。"
    if kind == "extra_forbidden":
        return f"未知字段「{field}」。请检查拼写；可用字段见 docs/system-definition.md。"
    if kind == "string_type" and value is None:
        return "不能为空（null）：请填写文本。"
    if kind == "string_type":
        return f"应为文本，实际是{q}。数字形式的代码请加引号，如 \"440104\"。"
    if kind == "string_too_short":
        return "不能为空。"
    if kind == "string_too_long":
        return f"太长：最多 {ctx.get('max_length')} 个字符。"
    if kind == "string_pattern_mismatch":
        if loc and loc[0] == "system" and field == "slug":
            return f"{q}格式不对：体系标识只能用小写字母、数字和连字符，如 guangzhou-12218。"
        hint = PATTERN_HINTS.get(field, "格式不对")
        return f"{q}格式不对：{hint}。"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("''", "（空）").replace("'", "").replace(" or ", "、").replace(", ", "、")
        return f"{q}不是允许的取值。可选：{expected}。"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return f"{q}不是有效日期。请写成 YYYY-MM-DD，如 2025-02-06。"
    if kind in ("list_type", "tuple_type"):
        return "应为列表（每项以“- ”开头）。"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "应为映射（“字段: 值”的形式）。"
    if kind.startswith("decimal") or kind.startswith("int_") or kind.startswith("float"):
        if kind in ("decimal_max_places", "decimal_max_digits", "decimal_whole_digits"):
            return f"{q}位数太多：最多保留两位小数。"
        return f"{q}不是有效数字。"
    if kind in ("greater_than", "greater_than_equal"):
        limit = ctx.get("gt", ctx.get("ge"))
        return f"{q}太小：应{'大于' if kind == 'greater_than' else '不小于'} {limit}。"
    if kind in ("less_than", "less_than_equal"):
        limit = ctx.get("lt", ctx.get("le"))
        return f"{q}太大：应{'小于' if kind == 'less_than' else '不大于'} {limit}。"
    if kind in ("bool_type", "bool_parsing"):
        return "应为 true 或 false。"
    if kind == "too_short":
        return "至少要有一项。"
    return f"{q}无效：{error.get('msg', '')}。"


# ---------------------------------------------------------------- cross-reference checks


class _Checker:
    def __init__(self, lines: dict[tuple, int]):
        self.lines = lines
        self.problems: list[Problem] = []

    def add(self, path: tuple, message: str) -> None:
        self.problems.append(Problem(_line_for(path, self.lines), format_path(path), message))

    def unique(self, values: list[tuple[tuple, str]], what: str) -> None:
        seen: dict[str, tuple] = {}
        for path, value in values:
            if value in seen:
                first = seen[value]
                self.add(path, f"{what}「{value}」重复（第 {_line_for(first, self.lines)} 行已定义）。每个{what}只能出现一次。")
            else:
                seen[value] = path


def _check(d: Definition, lines: dict[tuple, int]) -> list[Problem]:
    c = _Checker(lines)
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
                c.add((*p, "candidates_zh"), "待确认（status: pending）的产业必须列出候选名称 candidates_zh。")
            if ind.confidence in ("high", "medium"):
                c.add((*p, "confidence"), f"待确认的产业可信度不能是「{ind.confidence}」：请用 unverified 或 low。")
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
                c.add((*p, "industries", j), f"产业「{slug}」已由第 {_line_for(owner[slug], lines)} 行的办公室负责；一个产业只能归一个办公室。")
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
        c.unique([((*p, "priority_industries", j, "industry"), pr.industry) for j, pr in enumerate(x.priority_industries)], "重点产业")
        for j, pr in enumerate(x.priority_industries):
            if pr.industry not in industry_slugs:
                c.add((*p, "priority_industries", j, "industry"), f"引用了未定义的产业「{pr.industry}」。请检查 industries 中的 slug。")
            sources((*p, "priority_industries", j, "sources"), pr.sources)
        for j, ns in enumerate(x.named_systems):
            sources((*p, "named_systems", j, "sources"), ns.sources)
        c.unique([((*p, "facts", j, "key"), f.key) for j, f in enumerate(x.facts)], "数据标识")
        for j, f in enumerate(x.facts):
            sources((*p, "facts", j, "sources"), f.sources)

    if d.support_package:
        sp = d.support_package
        sources(("support_package", "sources"), sp.sources)
        c.unique([(("support_package", "categories", i, "key"), cat.key) for i, cat in enumerate(sp.categories)], "类别标识")
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


def parse_yaml_model(text: str, model, check, top_hint: str):
    """Shared pipeline: YAML with line numbers → pydantic model → cross-reference `check`.

    Raises DefinitionError with every problem found; returns the validated model otherwise.
    """
    try:
        data, lines, duplicates = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise DefinitionError([Problem(line, "", f"YAML 语法错误：{exc.problem or exc}。请检查缩进、冒号和引号。")]) from None
    except yaml.YAMLError as exc:
        raise DefinitionError([Problem(0, "", f"YAML 语法错误：{exc}")]) from None
    if not isinstance(data, dict):
        raise DefinitionError([Problem(1, "", f"文件顶层应为映射（{top_hint} 等字段）。")])
    try:
        validated = model.model_validate(data)
    except ValidationError as exc:
        problems = list(duplicates)
        for error in exc.errors():
            loc = tuple(error["loc"])
            path = loc[:-1] if error["type"] == "missing" else loc
            problems.append(Problem(_line_for(path, lines), format_path(loc), pydantic_error_zh(error)))
        raise DefinitionError(problems) from None
    problems = duplicates + check(validated, lines)
    if problems:
        raise DefinitionError(problems)
    return validated


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
        raise DefinitionError([Problem(0, "", f"文件「{file}」不是 UTF-8 编码。请另存为 UTF-8 后重试。")], str(file)) from None
    try:
        return parse_definition(text)
    except DefinitionError as exc:
        exc.filename = str(file)
        raise


def slug_is_valid(value: str) -> bool:
    return bool(re.fullmatch(r"^[a-z][a-z0-9_]*$", value))
