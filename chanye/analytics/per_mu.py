"""亩均效益评价 (per-mu evaluation): score firms on what they yield per 亩 of land and per unit of
resources, then sort them into classes A/B/C/D (T = not rated). Pure; methods §9.

A rule set is data (a dict read from YAML, see `rule_set_from_dict`):
- indicators, each a ratio of two firm inputs (亩均税收 = 税收 / 用地亩数 …), with a weight
  (points, Σ = 100), a benchmark and an optional cap on the item's points (a multiple of its weight);
- the benchmark is either a fixed value or a multiple of the mean of the rated firms' values (Huai'an
  sets it at about twice the county's previous-year average);
- bonuses and penalties: fixed points for a flag a firm carries (安全事故, 专利 …);
- exclusions (class T, removed before ranking): industry-code prefixes (utilities), fewer years in
  production than a minimum, flags, land below a minimum;
- class cut-offs on the percentile rank, with competition ranking for ties ("1224": tied firms share
  the best rank), so the order of the input never changes a class.

    S_f = Σ_k w_k · min(v_fk / b_k, cap_k) + bonus_f − penalty_f

A firm lacking an input an indicator needs is not scored: it is listed with what is missing, never
silently given zero. All arithmetic is Decimal, so the worked numbers of methods §9 hold exactly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

# Inputs a firm can carry, in the units the registry keeps them (money 万元).
INPUTS = {
    "tax": "税收（万元）",
    "revenue": "营业收入（万元）",
    "value_added": "工业增加值（万元）",
    "output_value": "工业总产值（万元）",
    "rd_spend": "研发投入（万元）",
    "employees": "从业人员（人）",
    "land_mu": "用地面积（亩）",
    "energy_tce": "综合能耗（吨标准煤）",
}

# key → (label, numerator, denominator, unit, scale). Resource use sits in the denominator, so
# every indicator reads "higher is better".
INDICATORS = {
    "tax_per_mu": ("亩均税收", "tax", "land_mu", "万元/亩", Decimal(1)),
    "revenue_per_mu": ("亩均销售收入", "revenue", "land_mu", "万元/亩", Decimal(1)),
    "value_added_per_mu": ("亩均增加值", "value_added", "land_mu", "万元/亩", Decimal(1)),
    "tax_per_energy": ("单位能耗税收", "tax", "energy_tce", "万元/吨标准煤", Decimal(1)),
    "value_added_per_energy": ("单位能耗增加值", "value_added", "energy_tce", "万元/吨标准煤", Decimal(1)),
    "rd_intensity": ("研发经费投入强度", "rd_spend", "revenue", "%", Decimal(100)),
    "labour_productivity": ("全员劳动生产率", "value_added", "employees", "万元/人", Decimal(1)),
    "revenue_per_employee": ("人均营业收入", "revenue", "employees", "万元/人", Decimal(1)),
}

CLASS_LABELS = {
    "A": "A 类（优先发展）",
    "B": "B 类（鼓励提升）",
    "C": "C 类（监管调控）",
    "D": "D 类（落后整治）",
    "T": "T 类（不参评）",
}


class RuleSetError(ValueError):
    """A rule set that cannot be used; the message says where and how to fix it."""


@dataclass(frozen=True)
class IndicatorRule:
    key: str
    weight: Decimal
    benchmark: Decimal | None = None  # fixed benchmark, or None with `benchmark_mean_multiple`
    benchmark_mean_multiple: Decimal | None = None
    cap: Decimal | None = None  # an item scores at most cap × weight; None = no cap

    @property
    def label(self) -> str:
        return INDICATORS[self.key][0]

    @property
    def unit(self) -> str:
        return INDICATORS[self.key][3]


@dataclass(frozen=True)
class RuleSet:
    key: str
    name: str
    source: str
    indicators: tuple[IndicatorRule, ...]
    cutoffs: tuple[tuple[str, Decimal], ...] = (
        ("A", Decimal("0.20")),
        ("B", Decimal("0.60")),
        ("C", Decimal("0.95")),
        ("D", Decimal(1)),
    )
    bonuses: Mapping[str, Decimal] = field(default_factory=dict)
    penalties: Mapping[str, Decimal] = field(default_factory=dict)
    exclude_industry_prefixes: tuple[str, ...] = ()
    exclude_flags: tuple[str, ...] = ()
    min_years_in_production: int = 0
    min_land_mu: Decimal = Decimal(0)
    scope_divisions: tuple[int, int] = (6, 46)  # GB/T 4754 大类 06–46 = 采矿业、制造业、电力燃气水（工业）

    @property
    def needed_inputs(self) -> list[str]:
        out = []
        for rule in self.indicators:
            for name in INDICATORS[rule.key][1:3]:
                if name not in out:
                    out.append(name)
        return out


@dataclass(frozen=True)
class FirmInputs:
    firm: object  # the caller's key (an id)
    values: Mapping[str, Decimal | None]
    industry_code: str = ""
    years_in_production: int | None = None
    flags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Item:
    key: str
    value: Decimal
    benchmark: Decimal
    points: Decimal
    capped: bool


@dataclass(frozen=True)
class Result:
    firm: object
    klass: str  # A/B/C/D, T (excluded) or "" (missing inputs, not rated)
    score: Decimal | None = None
    items: tuple[Item, ...] = ()
    bonus: Decimal = Decimal(0)
    penalty: Decimal = Decimal(0)
    rank: int | None = None
    percentile: Fraction | None = None
    reason: str = ""  # why T, or which inputs are missing
    missing: tuple[str, ...] = ()


# ---------------------------------------------------------------- rule sets from data


def _decimal(value, where: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except Exception:  # noqa: BLE001 - any unreadable value gets the same message
        raise RuleSetError(f"{where}：「{value}」不是数字。") from None
    if not number.is_finite():
        raise RuleSetError(f"{where}：「{value}」不是有限的数字。")
    return number


def rule_set_from_dict(data: Mapping, *, where: str = "规则集") -> RuleSet:
    """Build and check a rule set; every problem names the key and the fix."""
    for required in ("key", "name", "indicators"):
        if not data.get(required):
            raise RuleSetError(f"{where}：缺少「{required}」。")
    where = f"{where}「{data['key']}」"
    rules = []
    for i, raw in enumerate(data["indicators"], start=1):
        at = f"{where} 第 {i} 个指标"
        key = raw.get("key")
        if key not in INDICATORS:
            raise RuleSetError(
                f"{at}：未知指标「{key}」。可用：{'、'.join(f'{k}（{v[0]}）' for k, v in INDICATORS.items())}。"
            )
        weight = _decimal(raw.get("weight"), f"{at}「{key}」的 weight")
        if weight <= 0:
            raise RuleSetError(f"{at}「{key}」：权重须大于 0。")
        fixed = raw.get("benchmark")
        multiple = raw.get("benchmark_mean_multiple")
        if (fixed is None) == (multiple is None):
            raise RuleSetError(
                f"{at}「{key}」：请给 benchmark（固定基准值）或 benchmark_mean_multiple（参评企业均值的倍数），二者选一。"
            )
        benchmark = None if fixed is None else _decimal(fixed, f"{at}「{key}」的 benchmark")
        mean_multiple = (
            None if multiple is None else _decimal(multiple, f"{at}「{key}」的 benchmark_mean_multiple")
        )
        if (benchmark is not None and benchmark <= 0) or (mean_multiple is not None and mean_multiple <= 0):
            raise RuleSetError(f"{at}「{key}」：基准须大于 0。")
        cap = raw.get("cap")
        cap = None if cap is None else _decimal(cap, f"{at}「{key}」的 cap")
        if cap is not None and cap <= 0:
            raise RuleSetError(f"{at}「{key}」：封顶倍数须大于 0，不封顶请删去 cap。")
        rules.append(IndicatorRule(key, weight, benchmark, mean_multiple, cap))
    if len({r.key for r in rules}) != len(rules):
        raise RuleSetError(f"{where}：同一指标出现了两次。")
    total = sum(r.weight for r in rules)
    if total != 100:
        raise RuleSetError(f"{where}：各指标权重之和为 {total}，应为 100。")
    cutoffs = tuple(
        (str(k), _decimal(v, f"{where} 分类线 {k}"))
        for k, v in (data.get("cutoffs") or {"A": "0.20", "B": "0.60", "C": "0.95", "D": "1"}).items()
    )
    shares = [v for _, v in cutoffs]
    if (
        any(not 0 < v <= 1 for v in shares)
        or shares != sorted(shares)
        or len(set(shares)) != len(shares)
        or shares[-1] != 1
    ):
        raise RuleSetError(
            f"{where}：分类线须在 0 到 1 之间、逐级递增，最后一级为 1（如 A: 0.20, B: 0.60, C: 0.95, D: 1）。"
        )
    exclude = data.get("exclude") or {}
    divisions = (data.get("scope") or {}).get("industry_divisions", [6, 46])
    if (
        len(divisions) != 2
        or not all(isinstance(d, int) and 1 <= d <= 97 for d in divisions)
        or divisions[0] > divisions[1]
    ):
        raise RuleSetError(f"{where}：scope.industry_divisions 应为两个 01–97 之间的大类代码，如 [6, 46]。")
    return RuleSet(
        key=str(data["key"]), name=str(data["name"]), source=str(data.get("source", "")), indicators=tuple(rules), cutoffs=cutoffs,
        bonuses={str(k): _decimal(v, f"{where} 加分项 {k}") for k, v in (data.get("bonuses") or {}).items()},
        penalties={str(k): _decimal(v, f"{where} 减分项 {k}") for k, v in (data.get("penalties") or {}).items()},
        exclude_industry_prefixes=tuple(str(p) for p in exclude.get("industry_prefixes", ())),
        exclude_flags=tuple(str(f) for f in exclude.get("flags", ())),
        min_years_in_production=int(exclude.get("min_years_in_production", 0)),
        min_land_mu=_decimal(exclude.get("min_land_mu", 0), f"{where} min_land_mu"),
        scope_divisions=(divisions[0], divisions[1]),
    )  # fmt: skip


# ---------------------------------------------------------------- scoring


def indicator_value(key: str, values: Mapping[str, Decimal | None]) -> Decimal | None:
    """The indicator for one firm, or None when an input is missing or the denominator is not > 0."""
    _, numerator, denominator, _, scale = INDICATORS[key]
    top, bottom = values.get(numerator), values.get(denominator)
    if top is None or bottom is None or bottom <= 0:
        return None
    return Decimal(top) * scale / Decimal(bottom)


def in_scope(rules: RuleSet, industry_code: str, land_mu) -> bool:
    """Evaluated at all: an industrial firm by its code's 大类, or any firm that reports land."""
    if land_mu is not None:
        return True
    lo, hi = rules.scope_divisions
    return len(industry_code) >= 2 and industry_code[:2].isdigit() and lo <= int(industry_code[:2]) <= hi


def exclusion(rules: RuleSet, firm: FirmInputs) -> str:
    """Why the firm is class T (not rated), or ""."""
    for prefix in rules.exclude_industry_prefixes:
        if firm.industry_code.startswith(prefix):
            return f"行业代码 {firm.industry_code} 属不参评行业（{prefix}）"
    for flag in rules.exclude_flags:
        if flag in firm.flags:
            return f"不参评情形：{flag}"
    if (
        rules.min_years_in_production
        and firm.years_in_production is not None
        and firm.years_in_production < rules.min_years_in_production
    ):
        return f"投产不满 {rules.min_years_in_production} 年"
    land = firm.values.get("land_mu")
    if rules.min_land_mu and land is not None and land < rules.min_land_mu:
        return f"用地不足 {rules.min_land_mu} 亩"
    return ""


def missing_inputs(rules: RuleSet, firm: FirmInputs) -> tuple[str, ...]:
    """Inputs the rule set needs that the firm lacks; a denominator of 0 counts as lacking."""
    denominators = {INDICATORS[r.key][2] for r in rules.indicators}
    return tuple(
        n for n in rules.needed_inputs if (v := firm.values.get(n)) is None or (n in denominators and v <= 0)
    )


def benchmarks(rules: RuleSet, firms: Iterable[FirmInputs]) -> dict[str, Decimal]:
    """Each indicator's benchmark: fixed, or a multiple of the mean over the firms given."""
    firms = list(firms)
    out = {}
    for rule in rules.indicators:
        if rule.benchmark is not None:
            out[rule.key] = rule.benchmark
            continue
        values = [v for f in firms if (v := indicator_value(rule.key, f.values)) is not None]
        if not values:
            raise RuleSetError(
                f"规则集「{rules.key}」指标「{rule.label}」按参评企业均值定基准，但没有可算的企业。"
            )
        mean = sum(values) / len(values)
        out[rule.key] = mean * rule.benchmark_mean_multiple
    return out


def score(
    rules: RuleSet, firm: FirmInputs, marks: Mapping[str, Decimal]
) -> tuple[Decimal, tuple[Item, ...], Decimal, Decimal]:
    """(score, items, bonus, penalty) of one firm that has every input."""
    items = []
    for rule in rules.indicators:
        value = indicator_value(rule.key, firm.values)
        ratio = value / marks[rule.key]
        capped = rule.cap is not None and ratio > rule.cap
        items.append(
            Item(rule.key, value, marks[rule.key], rule.weight * (rule.cap if capped else ratio), capped)
        )
    bonus = sum((p for flag, p in rules.bonuses.items() if flag in firm.flags), Decimal(0))
    penalty = sum((p for flag, p in rules.penalties.items() if flag in firm.flags), Decimal(0))
    return sum((i.points for i in items), Decimal(0)) + bonus - penalty, tuple(items), bonus, penalty


def competition_ranks(scores: list[Decimal]) -> list[int]:
    """Rank 1 = highest; tied scores share the best rank and the next rank skips ("1224")."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    ranks = [0] * len(scores)
    for position, i in enumerate(order, start=1):
        prev = order[position - 2] if position > 1 else None
        ranks[i] = ranks[prev] if prev is not None and scores[prev] == scores[i] else position
    return ranks


def class_of(rules: RuleSet, percentile: Fraction) -> str:
    for klass, share in rules.cutoffs:
        if percentile <= Fraction(share):
            return klass
    return rules.cutoffs[-1][0]


def evaluate(rules: RuleSet, firms: Iterable[FirmInputs]) -> list[Result]:
    """Every firm's result, in input order: excluded (T) and missing inputs first set aside, the
    rest scored, ranked (competition ranking) and classed on percentile = rank / N."""
    firms = list(firms)
    results: dict[int, Result] = {}
    rated = []
    for i, firm in enumerate(firms):
        if reason := exclusion(rules, firm):
            results[i] = Result(firm.firm, "T", reason=reason)
        elif missing := missing_inputs(rules, firm):
            results[i] = Result(
                firm.firm, "", reason="缺少数据：" + "、".join(INPUTS[m] for m in missing), missing=missing
            )
        else:
            rated.append(i)
    if rated:
        marks = benchmarks(rules, (firms[i] for i in rated))
        scored = {i: score(rules, firms[i], marks) for i in rated}
        ranks = competition_ranks([scored[i][0] for i in rated])
        n = len(rated)
        for i, rank in zip(rated, ranks, strict=True):
            total, items, bonus, penalty = scored[i]
            p = Fraction(rank, n)
            results[i] = Result(firms[i].firm, class_of(rules, p), total, items, bonus, penalty, rank, p)
    return [results[i] for i in range(len(firms))]


def class_counts(results: Iterable[Result], group_of: Mapping[object, object]) -> dict[object, Counter]:
    """Class counts per group (district, park, industry…); a firm in no group is left out."""
    out: dict[object, Counter] = {}
    for r in results:
        group = group_of.get(r.firm)
        if group is not None:
            out.setdefault(group, Counter())[r.klass or "缺数据"] += 1
    return out


ORDER = {"A": 4, "B": 3, "C": 2, "D": 1}


def class_changes(
    previous: Mapping[object, str], current: Iterable[Result]
) -> list[tuple[object, str, str, str]]:
    """(firm, previous class, current class, 上升/下降) for rated firms whose class moved."""
    out = []
    for r in current:
        before = previous.get(r.firm)
        if before in ORDER and r.klass in ORDER and before != r.klass:
            out.append((r.firm, before, r.klass, "上升" if ORDER[r.klass] > ORDER[before] else "下降"))
    return out
