"""`chanye demo` for 亩均评价: the two latest years with the default rule set, so the pages and the
class changes have something to show; evaluated again only when the demo firms changed."""

from chanye.enterprises.models import EnterpriseFigure

from .models import PerMuRun
from .services import per_mu_evaluate


def per_mu_demo_step(*, system, user, today, enterprises: int, done: dict) -> list[str]:
    if not enterprises:
        return []
    rule_set = system.per_mu_rule_sets.filter(is_default=True).first()
    if rule_set is None:
        return []
    fresh = bool(done.get("enterprises_added"))
    figures = EnterpriseFigure.objects.filter(enterprise__system=system, quarter=0)
    years = list(figures.order_by("-year").values_list("year", flat=True).distinct()[:2])[::-1]
    lines = []
    for year in years:
        if fresh or not PerMuRun.objects.filter(rule_set=rule_set, year=year).exists():
            run = per_mu_evaluate(rule_set=rule_set, year=year, user=user)
            lines.append(
                f"亩均评价（演示数据）：{year} 年「{rule_set.name}」参评 {run.rated} 家，不参评 {run.excluded} 家，缺数据 {run.missing} 家。"
            )
    return lines
