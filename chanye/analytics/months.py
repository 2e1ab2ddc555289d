"""Months: month ends between two dates, and monthly flows of dated events. Pure (no Django).

Targets run on month ends (the demo's monthly actuals, the trajectory chart's x axis), and the
actuals computed from records (land, carriers, parks, projects) are monthly sums of dated events.
"""

import calendar
from collections import defaultdict
from datetime import date
from decimal import Decimal


def month_end(d: date) -> date:
    return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


def month_ends(start: date, end: date) -> list[date]:
    """Every month end from `start`'s month up to `end` (inclusive)."""
    out, y, m = [], start.year, start.month
    while (last := month_end(date(y, m, 1))) <= end:
        out.append(last)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def monthly_flows(events, *, start: date | None, end: date) -> list[tuple[date, Decimal]]:
    """(period end, sum) per month from `start` (or the first event) to `end`, zeros included;
    the last period ends on `end` itself when that is inside its month."""
    sums: dict[date, Decimal] = defaultdict(Decimal)
    first = None
    for on, value in events:
        if on is None or on > end or (start is not None and on < start):
            continue
        sums[month_end(on)] += Decimal(value)
        first = on if first is None or on < first else first
    begin = start or first
    if begin is None or begin > end:
        return []
    out, y, m = [], begin.year, begin.month
    while (y, m) <= (end.year, end.month):
        last = month_end(date(y, m, 1))
        out.append((min(last, end), sums.get(last, Decimal(0))))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
