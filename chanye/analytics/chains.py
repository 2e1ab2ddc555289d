"""Where an industry chain is weak: each segment's local firms and output against a typical segment.

The reference is the median over the segments that have any local firm (a district where most
segments are empty would otherwise make one firm look strong). A segment with no local firm is
缺链 (a missing link). One with fewer than `min_firms` firms, or whose firms or output fall below
`weak_share` of the reference, is 弱链. The score (0–100) is the mean of the two indices, each
capped at 2× the reference, so one giant firm cannot hide an otherwise thin segment. Segments
are listed weakest first: the order of a 招商 gap list.
"""

from dataclasses import dataclass
from decimal import Decimal
from statistics import median

MISSING = "缺链"
WEAK = "弱链"
FAIR = "一般"
STRONG = "较强"


@dataclass(frozen=True)
class SegmentStat:
    key: str
    name: str
    stage: str
    firms: int
    output: Decimal  # 工业总产值 or, where none is reported, 营业收入 (万元)


@dataclass(frozen=True)
class LinkScore:
    key: str
    name: str
    stage: str
    firms: int
    output: Decimal
    firm_index: Decimal  # firms ÷ median firms of the chain's segments that have any
    output_index: Decimal | None  # None when the chain reports no output at all
    score: int  # 0–100
    status: str
    reason: str


def _index(value, middle) -> Decimal:
    return Decimal(0) if not middle else Decimal(value) / Decimal(middle)


def weak_links(
    stats: list[SegmentStat],
    *,
    min_firms: int = 3,
    weak_share: Decimal = Decimal("0.25"),
    cap: Decimal = Decimal(2),
) -> list[LinkScore]:
    if not stats:
        return []
    present = [s.firms for s in stats if s.firms] or [0]
    firms_median = median(present)
    outputs = [s.output for s in stats if s.output]
    has_output = bool(outputs)
    output_median = median(outputs) if has_output else None
    out = []
    for s in stats:
        fi = _index(s.firms, firms_median)
        oi = _index(s.output, output_median) if has_output else None
        parts = [min(fi, cap)] + ([min(oi, cap)] if oi is not None else [])
        score = int((sum(parts) / len(parts) / cap * 100).to_integral_value())
        if s.firms == 0:
            status, reason = MISSING, "本地没有企业"
        elif s.firms < min_firms:
            status, reason = WEAK, f"本地企业少于 {min_firms} 家"
        elif fi < weak_share:
            status, reason = WEAK, f"企业数不到各环节中位数的 {weak_share:.0%}"
        elif oi is not None and oi < weak_share:
            status, reason = WEAK, f"产值不到各环节中位数的 {weak_share:.0%}"
        elif score >= 50:
            status, reason = STRONG, "企业数与产值均不低于中位水平"
        else:
            status, reason = FAIR, "低于中位水平，但未到弱链标准"
        out.append(LinkScore(s.key, s.name, s.stage, s.firms, s.output, fi, oi, score, status, reason))
    order = {MISSING: 0, WEAK: 1, FAIR: 2, STRONG: 3}
    return sorted(out, key=lambda x: (order[x.status], x.score, x.key))
