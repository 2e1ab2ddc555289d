"""The three lists of every industry's "3+5+3+1" package as pipelines. Pure.

招商清单 (investment leads), 科技转化清单 (technology transfer) and 增资扩产清单 (capital increase and
expansion) each move items through ordered stages; an item may stop (终止) at any stage, with a
reason. A funnel counts the items that reached each stage — an item at 谈判 has passed 线索, 接洽
and 考察 — and the conversion from one stage to the next. A next action whose date has passed on
an open item is overdue.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

LEAD_STAGES = (
    ("lead", "线索"),
    ("contact", "接洽"),
    ("visit", "考察"),
    ("negotiation", "谈判"),
    ("signed", "签约"),
    ("landed", "落地"),
)
TRANSFER_STAGES = (
    ("registered", "成果登记"),
    ("matching", "对接"),
    ("signed", "签约"),
    ("landed", "转化落地"),
)
EXPANSION_STAGES = (("intent", "意向"), ("approved", "立项"), ("building", "建设"), ("producing", "投产"))


@dataclass(frozen=True)
class Step:
    stage: str
    label: str
    reached: int
    rate: Fraction | None  # of the previous stage's items, the share that reached this one


def funnel(stages: Iterable[str], order: Sequence[tuple[str, str]]) -> list[Step]:
    """Items that reached each stage (their stage or beyond) and the stage-to-stage conversion."""
    keys = [k for k, _ in order]
    counts = dict.fromkeys(keys, 0)
    for stage in stages:
        for k in keys[: keys.index(stage) + 1]:
            counts[k] += 1
    out, previous = [], None
    for k, label in order:
        rate = None if previous is None or counts[previous] == 0 else Fraction(counts[k], counts[previous])
        out.append(Step(k, label, counts[k], rate))
        previous = k
    return out


def is_open(stage: str, lost: bool, order: Sequence[tuple[str, str]]) -> bool:
    """Still being worked: not stopped and not at the last stage."""
    return not lost and stage != order[-1][0]


def overdue_days(next_on: date | None, today: date, *, open_: bool) -> int | None:
    """Days a next action is past its date on an open item, or None."""
    if not open_ or next_on is None or next_on >= today:
        return None
    return (today - next_on).days


def worked(open_items: int, last_change: date | None, today: date, *, within_days: int = 90) -> bool:
    """A list is being worked when it has open items and one of them moved in the last 90 days."""
    return open_items > 0 and last_change is not None and (today - last_change).days <= within_days
