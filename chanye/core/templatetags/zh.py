"""Template filters of the Chinese number display (chanye.analytics.display): pages show figures
exactly as the API labels, Excel and PDF do.

    {% load zh %}
    {{ project.planned_investment|wan }}      → 19.48 亿元
    {{ record.area_mu|qty:"亩" }}             → 15,000 亩
    {{ value|qty:"万元/亩,2" }}               → 89.61 万元/亩
    {{ firm.size_label|unknown }}             → 未知
"""

from django import template

from chanye.analytics import display
from chanye.core.selectors import person_label

register = template.Library()


@register.filter
def wan(value):
    return display.money_wan(value)


@register.filter
def qty(value, spec: str = ""):
    """`spec` is the unit, optionally followed by ",decimals"."""
    unit, _, decimals = spec.partition(",")
    return display.quantity(value, unit, int(decimals) if decimals else 2)


@register.filter
def num(value, decimals=2):
    return display.number(value, int(decimals))


@register.filter
def unknown(value):
    return display.unknown_or(value)


@register.filter
def person(user):
    """{{ obs.entered_by|person }} → 张三 / 系统（命令行）."""
    return person_label(user)
