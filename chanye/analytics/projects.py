"""Project stages, stalled-project rules and stage funnels. Pure (dates in, facts out).

A project moves 签约 → 供地 → 开工 → 投产 → 达产; the source article's promise to firms maps the
stages onto 招得来 (signed), 落得下 (land), 建得快 (construction) and 运营好 (in production).
A stage is reached when its date is set. A project is stalled when it has waited at a stage longer
than the rule allows (签约未供地, 供地未开工, 开工未投产), counted in days from the stage's date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

STAGES = ("signed", "land", "started", "operating", "full")
STAGE_LABELS = {"signed": "签约", "land": "供地", "started": "开工", "operating": "投产", "full": "达产"}
PHASES = {"signed": "招得来", "land": "落得下", "started": "建得快", "operating": "运营好", "full": "运营好"}

# rule key → (stage waited at, next stage, label, default days)
STALL_RULES = {
    "signed_no_land": ("signed", "land", "签约未供地", 180),
    "land_no_start": ("land", "started", "供地未开工", 180),
    "started_no_operation": ("started", "operating", "开工未投产", 730),
    # Projects on land the firm already has (技改) skip 供地: they wait from signing to start.
    "signed_no_start": ("signed", "started", "签约未开工", 180),
}
LAND_RULES = ("signed_no_land", "land_no_start")


def stage_of(dates: Mapping[str, date | None]) -> str | None:
    """The furthest stage with a date, or None before signing."""
    reached = [s for s in STAGES if dates.get(s)]
    return reached[-1] if reached else None


def order_problems(dates: Mapping[str, date | None]) -> list[tuple[str, str]]:
    """(stage, message) for each stage dated before an earlier stage."""
    out, last = [], None
    for s in STAGES:
        d = dates.get(s)
        if d is None:
            continue
        if last is not None and d < last[1]:
            out.append((s, f"{STAGE_LABELS[s]}日期 {d} 早于{STAGE_LABELS[last[0]]}日期 {last[1]}"))
        last = (s, d)
    return out


@dataclass(frozen=True)
class Stall:
    rule: str
    label: str
    since: date
    waited: int  # days at the stage
    allowed: int

    @property
    def over(self) -> int:
        return self.waited - self.allowed


def stall_of(
    dates: Mapping[str, date | None],
    today: date,
    days: Mapping[str, int] | None = None,
    *,
    needs_land: bool = True,
) -> Stall | None:
    """The rule the project breaks at its current stage, if any; `days` overrides the defaults."""
    stage = stage_of(dates)
    for rule, (at, following, label, default) in STALL_RULES.items():
        if (rule in LAND_RULES) != needs_land and rule != "started_no_operation":
            continue
        if stage != at or dates.get(following):
            continue
        allowed = (days or {}).get(rule, default)
        waited = (today - dates[at]).days
        if waited > allowed:
            return Stall(rule, label, dates[at], waited, allowed)
    return None


@dataclass(frozen=True)
class FunnelStep:
    stage: str
    label: str
    phase: str
    reached: int
    rate: Fraction | None  # of the previous step's projects, the share that reached this one


def funnel(stages: Iterable[str | None]) -> list[FunnelStep]:
    """Projects that reached each stage (a project at 开工 has also reached 签约 and 供地) and the
    conversion from one step to the next."""
    counts = dict.fromkeys(STAGES, 0)
    for stage in stages:
        if stage is None:
            continue
        for s in STAGES[: STAGES.index(stage) + 1]:
            counts[s] += 1
    out, previous = [], None
    for s in STAGES:
        rate = None if previous is None or counts[previous] == 0 else Fraction(counts[s], counts[previous])
        out.append(FunnelStep(s, STAGE_LABELS[s], PHASES[s], counts[s], rate))
        previous = s
    return out
