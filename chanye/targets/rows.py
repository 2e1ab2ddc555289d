"""One 目标看板 row as HTML, built when its snapshot is built.

The board then reads a page of ready strings (one column of one indexed table) instead of
building 100 model graphs and formatting them on every request. Every value is escaped by
format_html; the markup is the board table's, see templates/targets/_board_table.html.
"""

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from chanye.analytics.display import quantity

QUOTE_CHARS = 48


def row_html(*, target, slug: str, status: str, overridden: bool, demo: bool, evaluation) -> str:
    """`target` needs its indicator, district and office loaded; `evaluation` has actual, planned, …"""
    t, e = target, evaluation
    quote = t.quote if len(t.quote) <= QUOTE_CHARS else t.quote[: QUOTE_CHARS - 1] + "…"
    goal = t.goal_text
    qualifier = format_html(' <small class="muted">（{}）</small>', t.qualifier_zh) if t.qualifier_zh else ""
    if t.deadline:
        inferred = (
            mark_safe(' <span class="badge medium" title="原文未写明期限，按语境推定">推定</span>')
            if not t.deadline_confirmed
            else ""
        )
        deadline = format_html("{}{}", t.deadline.isoformat(), inferred)
    else:
        deadline = mark_safe('<span class="badge pending">待确认</span>')
    if e.actual is not None:
        demo_badge = mark_safe(' <span class="badge demo">演示数据</span>') if demo else ""
        as_of = e.actual_date.isoformat() if e.actual_date else ""
        actual = format_html(
            '{}{}<br><small class="muted">截至 {}</small>',
            quantity(e.actual, t.indicator.unit),
            demo_badge,
            as_of,
        )
    else:
        actual = "—"
    manual = mark_safe(' <span class="badge medium" title="人工调整">人工</span>') if overridden else ""
    return format_html(
        '<tr><td class="nowrap">{}</td> <td><a href="{}">{}</a> <b>{}</b>{}<br><small class="muted">“{}”</small></td>'
        ' <td class="nowrap">{}</td> <td class="num">{}</td> <td class="num">{}</td>'
        ' <td><span class="status-pill st-{}">{}</span>{}</td> <td>{}</td> <td class="num">{}</td></tr>',
        t.owner_label,
        f"/s/{slug}/targets/{t.code}/",
        t.indicator.name_zh,
        goal,
        qualifier,
        quote,
        deadline,
        actual,
        quantity(e.planned, t.indicator.unit),
        status,
        status,
        manual,
        e.likelihood or "—",
        quantity(e.forecast, t.indicator.unit),
    )
