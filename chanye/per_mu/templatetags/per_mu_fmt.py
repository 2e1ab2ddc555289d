"""亩均 figures at their published precision: a fixed number of decimals, so a score of 42.50 reads
as 42.50 next to 42.45 and a benchmark of 89.6131 is never shown raw.

    {% load per_mu_fmt %}
    {{ r.score|fixed }}          → 127.25
    {{ item.value|fixed }}       → 0.27
    {{ h.weight|fixed:0 }}       → 45
"""

from decimal import Decimal, InvalidOperation

from django import template

from chanye.analytics.per_mu import shown

register = template.Library()


@register.filter
def fixed(value, places=2):
    if value is None or value == "":
        return "—"
    try:
        return shown(Decimal(str(value)), int(places))
    except (InvalidOperation, ValueError):
        return value
