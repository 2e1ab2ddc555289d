"""A small line chart as SVG text, for PDF reports (no browser, no JavaScript at render time).

Pure: dates and numbers in, an <svg> string out. Plan (dashed), actual (with points), a target
line and a deadline line; enough to show a stocktake why a target is off track.
"""

from datetime import date
from html import escape

W, H = 480, 180
PAD_L, PAD_R, PAD_T, PAD_B = 56, 16, 14, 28


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.2f}".rstrip("0").rstrip(".")


def line_chart(
    *,
    plan: list[tuple[date, float]],
    actual: list[tuple[date, float]],
    target: float | None,
    start: date,
    end: date,
    unit: str = "",
    today: date | None = None,
) -> str:
    ys = [v for _, v in plan] + [v for _, v in actual] + ([target] if target is not None else [])
    lo, hi = (min(ys), max(ys)) if ys else (0.0, 1.0)
    lo = min(lo, 0.0)
    if hi == lo:
        hi = lo + 1
    span_days = max((end - start).days, 1)

    def x(d: date) -> float:
        return PAD_L + (W - PAD_L - PAD_R) * min(max((d - start).days / span_days, 0), 1)

    def y(v: float) -> float:
        return PAD_T + (H - PAD_T - PAD_B) * (1 - (v - lo) / (hi - lo))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif" font-size="10">',
        f'<rect x="{PAD_L}" y="{PAD_T}" width="{W - PAD_L - PAD_R}" height="{H - PAD_T - PAD_B}" fill="#fafbfc" stroke="#dde3ea"/>',
        f'<text x="{PAD_L - 4}" y="{y(hi) + 4:.1f}" text-anchor="end" fill="#555">{escape(_fmt(hi))}</text>',
        f'<text x="{PAD_L - 4}" y="{y(lo) + 4:.1f}" text-anchor="end" fill="#555">{escape(_fmt(lo))}</text>',
        f'<text x="{PAD_L}" y="{H - 10}" fill="#555">{start.isoformat()}</text>',
        f'<text x="{W - PAD_R}" y="{H - 10}" text-anchor="end" fill="#555">{end.isoformat()}</text>',
        f'<text x="{PAD_L + 4}" y="{PAD_T + 10}" fill="#888">{escape(unit)}</text>',
    ]
    if target is not None:
        parts.append(
            f'<line x1="{PAD_L}" x2="{W - PAD_R}" y1="{y(target):.1f}" y2="{y(target):.1f}" stroke="#e0a100" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{W - PAD_R - 2}" y="{y(target) - 3:.1f}" text-anchor="end" fill="#b07d00">目标 {escape(_fmt(target))}</text>'
        )
    if today and start <= today <= end:
        parts.append(
            f'<line x1="{x(today):.1f}" x2="{x(today):.1f}" y1="{PAD_T}" y2="{H - PAD_B}" stroke="#bbb" stroke-dasharray="2,2"/>'
        )
    if len(plan) > 1:
        pts = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in plan)
        parts.append(
            f'<polyline points="{pts}" fill="none" stroke="#5470c6" stroke-width="1.5" stroke-dasharray="5,3"/>'
        )
    if actual:
        pts = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in actual)
        parts.append(f'<polyline points="{pts}" fill="none" stroke="#d9534f" stroke-width="2"/>')
        parts += [f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="2.2" fill="#d9534f"/>' for d, v in actual]
    parts.append("</svg>")
    return "".join(parts)
