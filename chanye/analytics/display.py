"""Numbers as Chinese officials read and sign them: 万元 or 亿元 chosen by magnitude, thousands
separators, no more decimals than the figure is published with, the unit always written.

One layer for every surface: pages (template filters in chanye.core.templatetags.zh), API labels,
Excel and PDF call these functions, so a figure reads the same everywhere. Pure: no Django.
"""

from decimal import ROUND_HALF_UP, Decimal

from .units import UnitError, convert

DASH = "—"  # no value
UNKNOWN = "未知"  # a value nobody has recorded
WAN_PER_YI = Decimal(10000)


def _dec(x) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(str(x))


def number(x, decimals: int | None = 2) -> str:
    """1234567.891 → "1,234,567.89"; trailing zeros dropped ("3,000", "12.5")."""
    if x is None:
        return DASH
    value = _dec(x)
    if decimals is not None:
        value = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{value:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def money_wan(x, decimals: int = 2) -> str:
    """An amount held in 万元: "19.48 亿元" from 10,000 万元 up, else "3,000 万元"."""
    if x is None:
        return DASH
    value = _dec(x)
    if abs(value) >= WAN_PER_YI:
        return f"{number(value / WAN_PER_YI, decimals)} 亿元"
    return f"{number(value, decimals)} 万元"


def quantity(x, unit: str = "", decimals: int | None = 2) -> str:
    """A figure with its unit: "15,000 亩", "15.2%", "1 个百分点"; 万元 amounts as money_wan."""
    if x is None:
        return DASH
    if unit == "万元":
        return money_wan(x, 2 if decimals is None else decimals)
    text = number(x, decimals)
    if not unit:
        return text
    return f"{text}{unit}" if unit in ("%", "％", "‰") else f"{text} {unit}"


def area_with_mu(x, unit: str, decimals: int | None = 2) -> str:
    """An area target in its own unit with the 亩 equivalent: "10 平方公里（约 15,000 亩）"."""
    shown = quantity(x, unit, decimals)
    if x is None or unit == "亩":
        return shown
    try:
        mu = convert(_dec(x), unit, "亩")
    except UnitError:  # not an area: nothing to add
        return shown
    return f"{shown}（约 {number(mu, 0)} 亩）"


def unknown_or(value) -> str:
    return UNKNOWN if value is None or value == "" else str(value)


GOAL_SIGNS = {">=": "≥ ", ">": "> ", "<=": "≤ ", "<": "< ", "=": ""}


def goal(comparison: str, value, unit: str) -> str:
    """A target's goal as the board shows it: "≥ 20%", "> 10 平方公里（约 15,000 亩）", "1,000 个"
    (an exact number needs no sign, and a cell must not start with "=": Excel would take it for
    a formula)."""
    return GOAL_SIGNS.get(comparison, "") + area_with_mu(value, unit, None)
