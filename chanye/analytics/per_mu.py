"""亩均效益评价 (per-mu evaluation): score firms on what they yield per 亩 of land and per unit of
resources, then sort them into classes A/B/C/D (T = not rated). Pure; methods §9.

A rule set is data (a dict read from YAML, see `rule_set_from_dict`):
- indicators, each a ratio of two firm inputs (亩均税收 = 税收 / 用地亩数 …), with a weight
  (points, Σ = 100), a benchmark and an optional cap on the item's points (a multiple of its weight);
- the benchmark is either a fixed value or a multiple of the mean of the rated firms' values (Huai'an
  sets it at about twice the county's previous-year average);
- bonuses and penalties: fixed points for a flag a firm carries (安全事故, 专利 …);
- exclusions (class T, removed before ranking): industry-code prefixes (utilities), fewer years in
  production than a minimum, flags, land or revenue below a minimum (a firm on 0.11 亩 is not rated:
  its per-mu figures would be meaningless and would move a mean benchmark);
- class cut-offs on the percentile rank, with competition ranking for ties ("1224": tied firms share
  the best rank), so the order of the input never changes a class.

    S_f = Σ_k w_k · min(v_fk / b_k, cap_k) + bonus_f − penalty_f

S_f is published rounded (四舍五入) to the rule set's `score_decimals` and ranked as published: two
firms shown with the same score always share a rank and so a class. A benchmark taken from a mean is
likewise rounded to `benchmark_decimals` before it is applied, so the published benchmark is the one used.

For each rated firm, `flips` says how much a single input (税收, 营业收入, 用地, 能耗 …) would have to
change, all else as in this evaluation, for the published score to reach the next class up, and —
within `flip_margin` points of the line below — how much decline would drop it.

A firm lacking an input an indicator needs is not scored: it is listed with what is missing, never
silently given zero. All arithmetic is Decimal, so the worked numbers of methods §9 hold exactly.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal
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
    min_land_mu: Decimal = Decimal(0)  # below it (and above 0) a firm is not rated
    min_revenue_wan: Decimal = Decimal(0)
    scope_divisions: tuple[int, int] = (6, 46)  # GB/T 4754 大类 06–46 = 采矿业、制造业、电力燃气水（工业）
    score_decimals: int = 2  # the precision scores are published, ranked and classed at
    benchmark_decimals: int = 2
    flip_margin: Decimal = Decimal(5)  # points above the line below within which a decline is warned of
    confirmed: bool = False  # False: the city has not adopted this method; pages say so

    def publish(self, score: Decimal) -> Decimal:
        return score.quantize(Decimal(1).scaleb(-self.score_decimals), rounding=ROUND_HALF_UP)

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
class Flip:
    """What one input would have to do to move the firm a class, everything else as evaluated."""

    direction: str  # "up": the change that lifts it; "down": the decline beyond which it drops
    to_class: str
    target: Decimal  # the published score of the line: reach it (up) or fall below it (down)
    input: str  # a key of INPUTS
    change: Decimal | None  # signed change of the input, at its shown precision; None = cannot alone
    per_mu: Decimal | None  # the same change per 亩 when the input has a per-mu indicator
    text: str


@dataclass(frozen=True)
class Result:
    firm: object
    klass: str  # A/B/C/D, T (excluded) or "" (missing inputs, not rated)
    score: Decimal | None = None  # as published: rounded to score_decimals
    items: tuple[Item, ...] = ()
    bonus: Decimal = Decimal(0)
    penalty: Decimal = Decimal(0)
    rank: int | None = None
    percentile: Fraction | None = None
    reason: str = ""  # why T, or which inputs are missing
    missing: tuple[str, ...] = ()
    raw_score: Decimal | None = None  # before rounding; kept to show the rounding, never ranked
    flips: tuple[Flip, ...] = ()


# ---------------------------------------------------------------- rule sets from data


def _decimal(value, where: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except Exception:  # noqa: BLE001 - any unreadable value gets the same message
        raise RuleSetError(f"{where}：「{value}」不是数字。") from None
    if not number.is_finite():
        raise RuleSetError(f"{where}：「{value}」不是有限的数字。")
    return number


def _non_negative(value, where: str) -> Decimal:
    number = _decimal(value, where)
    if number < 0:
        raise RuleSetError(f"{where} 不能为负数。")
    return number


def _places(value, where: str, most: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= most:
        raise RuleSetError(f"{where} 应为 0 到 {most} 之间的整数（小数位数），如 2。")
    return value


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
        min_land_mu=_non_negative(exclude.get("min_land_mu", 0), f"{where}：exclude.min_land_mu"),
        min_revenue_wan=_non_negative(exclude.get("min_revenue_wan", 0), f"{where}：exclude.min_revenue_wan"),
        scope_divisions=(divisions[0], divisions[1]),
        # at most 2: results keep scores with 2 decimals (PerMuResult.score), runs benchmarks with 4
        score_decimals=_places(data.get("score_decimals", 2), f"{where}：score_decimals", 2),
        benchmark_decimals=_places(data.get("benchmark_decimals", 2), f"{where}：benchmark_decimals", 4),
        flip_margin=_non_negative(data.get("flip_margin", 5), f"{where}：flip_margin"),
        confirmed=_flag(data.get("confirmed", False), f"{where}：confirmed"),
    )  # fmt: skip


def _flag(value, where: str) -> bool:
    if not isinstance(value, bool):
        raise RuleSetError(f"{where} 应为 true 或 false。")
    return value


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


def shown(value: Decimal, places: int = 2, rounding: str = ROUND_HALF_UP) -> str:
    """A figure at a fixed precision with thousands separators: 6361.905 → "6,361.91"."""
    return f"{value.quantize(Decimal(1).scaleb(-places), rounding=rounding):,f}"


def _floor_text(value: Decimal) -> str:
    """A floor as the rule set gives it: 3 → "3", 2.50 → "2.5"."""
    return f"{value.normalize():,f}"


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
    return _below_floor(rules, firm)


def _below_floor(rules: RuleSet, firm: FirmInputs) -> str:
    # Land of 0 stays "missing data" (no land reported), not "too small". The firm's figure is cut
    # (ROUND_DOWN) so it never reads as equal to the floor it is below.
    land, revenue = firm.values.get("land_mu"), firm.values.get("revenue")
    if land is not None and 0 < land < rules.min_land_mu:
        return f"用地 {shown(land, 2, ROUND_DOWN)} 亩，低于参评下限 {_floor_text(rules.min_land_mu)} 亩"
    if revenue is not None and revenue < rules.min_revenue_wan:
        return (
            f"营业收入 {shown(revenue, 2, ROUND_DOWN)} 万元，"
            f"低于参评下限 {_floor_text(rules.min_revenue_wan)} 万元"
        )
    return ""


def missing_inputs(rules: RuleSet, firm: FirmInputs) -> tuple[str, ...]:
    """Inputs the rule set needs that the firm lacks; a denominator of 0 counts as lacking."""
    denominators = {INDICATORS[r.key][2] for r in rules.indicators}
    return tuple(
        n for n in rules.needed_inputs if (v := firm.values.get(n)) is None or (n in denominators and v <= 0)
    )


def benchmarks(rules: RuleSet, firms: Iterable[FirmInputs]) -> dict[str, Decimal]:
    """Each indicator's benchmark: fixed, or a multiple of the mean over the firms given, rounded to
    the published precision so that anyone can redo a firm's points from the published benchmark."""
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
        mark = (mean * rule.benchmark_mean_multiple).quantize(
            Decimal(1).scaleb(-rules.benchmark_decimals), rounding=ROUND_HALF_UP
        )
        if mark <= 0:
            raise RuleSetError(
                f"规则集「{rules.key}」指标「{rule.label}」的基准按 {rules.benchmark_decimals} 位小数取整后为 0："
                "请改用固定基准，或增大 benchmark_decimals。"
            )
        out[rule.key] = mark
    return out


def score(
    rules: RuleSet, firm: FirmInputs, marks: Mapping[str, Decimal]
) -> tuple[Decimal, tuple[Item, ...], Decimal, Decimal]:
    """(raw score, items, bonus, penalty) of one firm that has every input."""
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
    rest scored, rounded to the published precision, ranked on the published score (competition
    ranking) and classed on percentile = rank / N; then each rated firm's flips."""
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
        published = {i: rules.publish(scored[i][0]) for i in rated}
        ranks = competition_ranks([published[i] for i in rated])
        n = len(rated)
        for i, rank in zip(rated, ranks, strict=True):
            raw, items, bonus, penalty = scored[i]
            p = Fraction(rank, n)
            klass = class_of(rules, p)
            results[i] = Result(
                firms[i].firm, klass, published[i], items, bonus, penalty, rank, p, raw_score=raw
            )
        ladder = sorted(published.values(), reverse=True)
        for i in rated:
            results[i] = replace(results[i], flips=flips(rules, firms[i], results[i], ladder))
    return [results[i] for i in range(len(firms))]


# ---------------------------------------------------------------- what moves a firm a class
#
# With everything else as evaluated (other firms' scores, this run's benchmarks), a firm's published
# score decides its rank: rank = 1 + the number of other firms published strictly higher. So it
# reaches the class above when its published score reaches the lowest published score that still
# holds that class, and it drops when its published score falls below the lowest score of its own
# class among the others. Rounding half up, "published ≥ T" means raw ≥ T − ½ unit (for T > 0).
#
# One input x moves only the items it is part of: as numerator each item's ratio is a·x, as
# denominator c/x. With y = x or 1/x every such item is min(slope·y, cap points): the score is
# piecewise linear and non-decreasing in y, solved exactly segment by segment. An input that is a
# numerator of one item and a denominator of another (营业收入 with 研发强度) is not solved alone.


def _max_rank(share: Decimal, n: int) -> int:
    """The last rank a class holds: rank / n ≤ share."""
    return math.floor(Fraction(share) * n)


def promotion(rules: RuleSet, ladder: list[Decimal], rank: int) -> tuple[str, Decimal] | None:
    """(the class above, the published score that reaches it), or None at the top or when the class
    above holds no rank at this number of firms. `ladder` = every rated firm's published score, best first."""
    n = len(ladder)
    index = [k for k, _ in rules.cutoffs].index(class_of(rules, Fraction(rank, n)))
    if index == 0:
        return None
    last = _max_rank(rules.cutoffs[index - 1][1], n)
    if last == 0:
        return None
    # the firm ranks below `last`, so the first `last` scores are other firms'
    return class_of(rules, Fraction(last, n)), ladder[last - 1]


def relegation(rules: RuleSet, ladder: list[Decimal], rank: int) -> tuple[str, Decimal] | None:
    """(the class below, the published score the firm must not fall below), or None in the last class."""
    n = len(ladder)
    klass = class_of(rules, Fraction(rank, n))
    last = _max_rank(dict(rules.cutoffs)[klass], n)
    if last >= n:
        return None
    # the firm is among the first `last`; the others' last-th best is the next score down the ladder
    return class_of(rules, Fraction(last + 1, n)), ladder[last]


def _noun(name: str) -> tuple[str, str]:
    """ "用地面积（亩）" → ("用地面积", "亩")."""
    label, _, unit = INPUTS[name].partition("（")
    return label, unit.rstrip("）")


def _places_of(name: str) -> int:
    return 0 if name == "employees" else 2  # people are whole


def _per_mu_rule(rules: RuleSet, name: str) -> IndicatorRule | None:
    """The indicator that is this input per 亩 (税收 → 亩均税收), to state the change per 亩."""
    for rule in rules.indicators:
        _, top, bottom, _, _ = INDICATORS[rule.key]
        if top == name and bottom == "land_mu":
            return rule
    return None


def _terms(
    rules: RuleSet, firm: FirmInputs, result: Result, name: str
) -> tuple[str, Decimal, list[tuple[Decimal, Decimal | None]], list[str]]:
    """(side, base, terms, capped labels) of one input: side "num", "den", "both" or "" (unused);
    base = the points that do not move with it; terms = (slope in y, cap points) of each item it moves."""
    base, terms, sides, capped = result.bonus - result.penalty, [], set(), []
    for rule, item in zip(rules.indicators, result.items, strict=True):
        _, top, bottom, _, scale = INDICATORS[rule.key]
        if name not in (top, bottom):
            base += item.points
            continue
        sides.add("num" if name == top else "den")
        other = firm.values[bottom] if name == top else firm.values[top]
        slope = (
            rule.weight * scale / (other * item.benchmark)
            if name == top
            else rule.weight * scale * other / item.benchmark
        )
        terms.append((slope, None if rule.cap is None else rule.weight * rule.cap))
        if rule.cap is not None:
            capped.append(rule.label)
        if slope < 0:  # a negative figure (税收 after refunds) turns the item round: not monotone
            sides.add("negative")
    side = "both" if len(sides) > 1 else (sides.pop() if sides else "")
    return side, base, terms, capped


def _reach(base: Decimal, terms: list[tuple[Decimal, Decimal | None]], target: Decimal) -> Decimal | None:
    """The least y ≥ 0 with base + Σ min(slope·y, cap) ≥ target, or None when the caps stop short."""
    if target <= base:
        return Decimal(0)
    live = [(s, c) for s, c in terms if s > 0]
    slope, flat = sum((s for s, _ in live), Decimal(0)), Decimal(0)
    for bend, s, c in sorted((c / s, s, c) for s, c in live if c is not None):
        y = (target - base - flat) / slope
        if y <= bend:
            return y
        slope, flat = slope - s, flat + c  # past its bend this item stays at its cap
    return (target - base - flat) / slope if slope > 0 else None


def flips(rules: RuleSet, firm: FirmInputs, result: Result, ladder: list[Decimal]) -> tuple[Flip, ...]:
    """The class above always (what to improve); the class below when within flip_margin points."""
    sides = {name: _terms(rules, firm, result, name) for name in rules.needed_inputs}
    names = sorted((n for n in sides if sides[n][0]), key=lambda n: ["num", "den", "both"].index(sides[n][0]))
    out = []
    if up := promotion(rules, ladder, result.rank):
        klass, target = up
        half = Decimal(1).scaleb(-rules.score_decimals) / 2 if target > 0 else Decimal(0)
        out += [_up(rules, firm, name, sides[name], klass, target, target - half) for name in names]
    down = relegation(rules, ladder, result.rank)
    if down and result.score - down[1] <= rules.flip_margin:
        klass, target = down
        below = target - Decimal(1).scaleb(-rules.score_decimals) / 2
        out += [_down(rules, firm, name, sides[name], klass, target, below) for name in names]
    return tuple(out)


def _up(rules, firm, name, terms, klass, target, raw) -> Flip:
    side, base, slopes, capped = terms
    noun, unit = _noun(name)
    x = firm.values[name]
    if side == "both":
        return _both(rules, name, "up", klass, target)
    y = _reach(base, slopes, raw)
    floor = rules.min_land_mu if name == "land_mu" else Decimal(0)
    if y is None:
        # every item it moves is capped (or, with a zero numerator, does not move at all)
        verb = "增加" if side == "num" else "减少"
        why = f"（{'、'.join(capped)}封顶后得分仍不足）" if capped else ""
        return Flip("up", klass, target, name, None, None, f"仅{verb}{noun}不能升为 {klass} 类{why}")
    if side == "den" and floor and 1 / y < floor:
        text = f"{noun}减至参评下限 {_floor_text(floor)} {unit}仍不能升为 {klass} 类"
        return Flip("up", klass, target, name, None, None, text)
    return _told(rules, firm, name, "up", klass, target, (y if side == "num" else 1 / y) - x)


def _down(rules, firm, name, terms, klass, target, raw) -> Flip:
    side, base, slopes, _ = terms
    noun, unit = _noun(name)
    if side == "both":
        return _both(rules, name, "down", klass, target)
    y = _reach(base, slopes, raw)  # below this y the published score falls under the line
    floor = rules.min_revenue_wan if name == "revenue" else Decimal(0)
    if side == "num" and floor and y <= floor:
        text = f"{noun}降至参评下限 {_floor_text(floor)} {unit}前不会降为 {klass} 类"
        return Flip("down", klass, target, name, None, None, text)
    if y == 0:
        text = (
            f"{noun}降为 0 也不会降为 {klass} 类" if side == "num" else f"{noun}再增加也不会降为 {klass} 类"
        )
        return Flip("down", klass, target, name, None, None, text)
    return _told(
        rules, firm, name, "down", klass, target, (y if side == "num" else 1 / y) - firm.values[name]
    )


def _both(rules, name, direction, klass, target) -> Flip:
    labels = [r.label for r in rules.indicators if name in INDICATORS[r.key][1:3]]
    if len(labels) > 1:
        text = f"{_noun(name)[0]}同时计入{'和'.join(labels)}、作用相反，不单独测算"
    else:
        text = f"{_noun(name)[0]}对得分的作用与通常相反（相关数据为负数），不单独测算"
    return Flip(direction, klass, target, name, None, None, text)


def _told(rules, firm, name, direction, klass, target, exact: Decimal) -> Flip:
    """The flip as told: amounts rounded away from zero, so the change told is always enough (up)
    and a decline beyond it always drops (down); a per-亩 amount comes first and the total follows
    from it, so the two agree when multiplied out."""
    noun, unit = _noun(name)
    places = _places_of(name)
    step = Decimal(1).scaleb(-places)
    rule = _per_mu_rule(rules, name)
    land = firm.values.get("land_mu")
    if rule is not None:
        per_mu = (exact / land).quantize(Decimal("0.01"), rounding=ROUND_UP)
        change = (per_mu * land).quantize(step, rounding=ROUND_UP)
        sign = "+" if change > 0 else "−"
        amount = (
            f"{rule.label}{'再增加' if direction == 'up' else '下降超过'} {shown(abs(per_mu))} {rule.unit}"
        )
        text = f"{amount}（{noun}约 {sign}{shown(abs(change), places)} {unit}）"
    else:
        per_mu = None
        change = exact.quantize(step, rounding=ROUND_UP)
        text = _plain_change(noun, unit, places, direction, change, firm.values[name])
    ending = f"可升为 {klass} 类" if direction == "up" else f"将降为 {klass} 类"
    return Flip(direction, klass, target, name, change, per_mu, text + ending)


def _plain_change(noun, unit, places, direction, change, now) -> str:
    size = f"{shown(abs(change), places)} {unit}"
    if direction == "down":
        return f"{noun}{'增加' if change > 0 else '减少'}超过 {size}"
    if change > 0:
        return f"{noun}再增加 {size}"
    return f"{noun}减少 {size}（至 {shown(now + change, places)} {unit}）"


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
