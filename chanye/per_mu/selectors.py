"""Reads for 亩均效益评价: runs, class tables by district and industry, result lists."""

from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.http import Http404
from django.urls import reverse

from chanye.analytics.per_mu import INDICATORS, RuleSet, RuleSetError, rule_set_from_dict

from .models import PerMuResult, PerMuRuleSet, PerMuRun

CLASSES = ["A", "B", "C", "D", "T", ""]
PAGE = 50


def runs_of(system):
    return (
        PerMuRun.objects.filter(system=system)
        .select_related("rule_set", "user")
        .order_by("-year", "rule_set__order")
    )


def rule_sets_of(system):
    return PerMuRuleSet.objects.filter(system=system).order_by("order", "key")


def run_get(*, system, pk: int) -> PerMuRun:
    run = runs_of(system).filter(pk=pk).first()
    if run is None:
        raise Http404("没有这次亩均评价。")
    return run


def latest_run(system) -> PerMuRun | None:
    runs = runs_of(system)
    return runs.filter(rule_set__is_default=True).first() or runs.first()


def previous_run(run: PerMuRun) -> PerMuRun | None:
    return PerMuRun.objects.filter(rule_set=run.rule_set, year=run.year - 1).first()


@dataclass
class ClassRow:
    key: str
    name: str
    counts: dict = field(default_factory=dict)

    @property
    def rated(self) -> int:
        return sum(self.counts.get(k, 0) for k in "ABCD")

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def ab_share(self) -> float | None:
        """A + B as a share of the rated firms, in %."""
        return (
            None
            if not self.rated
            else round(100 * (self.counts.get("A", 0) + self.counts.get("B", 0)) / self.rated, 1)
        )

    @property
    def cells(self) -> list[int]:
        return [self.counts.get(k, 0) for k in CLASSES]

    @property
    def linked_cells(self) -> list[tuple[str, int]]:
        """(the results page's klass parameter, count) per class; 缺数据 is "missing"."""
        return [(k or "missing", self.counts.get(k, 0)) for k in CLASSES]


def class_table(run: PerMuRun, by: str) -> list[ClassRow]:
    """Class counts per district, or per industry (a firm counts in every industry it is placed in)."""
    results = PerMuResult.objects.filter(run=run)
    if by == "district":
        keys = ("enterprise__district__code", "enterprise__district__name_zh")
        order = "enterprise__district__order"
    elif by == "park":
        keys = ("enterprise__park__key", "enterprise__park__name_zh")
        order = "enterprise__park__name_zh"
        results = results.filter(enterprise__park__isnull=False)
    else:
        keys = ("enterprise__placements__industry__slug", "enterprise__placements__industry__name_zh")
        order = "enterprise__placements__industry__order"
    rows: dict = {}
    for key, name, klass, _, n in (
        results.values_list(*keys, "klass", order).annotate(n=Count("id")).order_by(order)
    ):
        row = rows.setdefault(
            key, ClassRow(key or "", name or ("未填区" if by == "district" else "未归入重点产业"))
        )  # parks: only firms in a park
        row.counts[klass] = row.counts.get(klass, 0) + n
    return list(rows.values())


def totals(run: PerMuRun) -> ClassRow:
    row = ClassRow("all", "全部")
    for klass, n in (
        PerMuResult.objects.filter(run=run).values_list("klass").annotate(n=Count("id")).order_by()
    ):
        row.counts[klass] = n
    return row


def changes(run: PerMuRun) -> dict:
    """上升 / 下降 counts against last year's run of the same rule set (rated both years)."""
    order = {"A": 4, "B": 3, "C": 2, "D": 1}
    up = down = 0
    rated = list("ABCD")
    moved = PerMuResult.objects.filter(run=run, klass__in=rated, previous_klass__in=rated).exclude(
        klass=F("previous_klass")
    )
    for klass, before in moved.values_list("klass", "previous_klass"):
        if order[klass] > order[before]:
            up += 1
        else:
            down += 1
    return {"up": up, "down": down}


@dataclass
class ResultPage:
    rows: list
    total: int
    page: int
    pages: int


def result_list(
    run: PerMuRun,
    *,
    klass: str | None = None,
    district: str = "",
    industry: str = "",
    change: str = "",
    page: int = 1,
) -> ResultPage:
    qs = PerMuResult.objects.filter(run=run).select_related("enterprise", "enterprise__district")
    if klass is not None:
        qs = qs.filter(klass=klass)
    if district:
        qs = qs.filter(enterprise__district__code=district)
    if industry:
        qs = qs.filter(enterprise__placements__industry__slug=industry)
    if change in ("up", "down"):
        rank = {"A": 4, "B": 3, "C": 2, "D": 1}
        pairs = [
            (now, before)
            for now in rank
            for before in rank
            if (rank[now] > rank[before]) == (change == "up") and now != before
        ]
        condition = Q()
        for now, before in pairs:
            condition |= Q(klass=now, previous_klass=before)
        qs = qs.filter(condition)
    # Rated firms by rank, then T, then 缺数据 — the same on SQLite and PostgreSQL (nulls last).
    qs = qs.order_by(F("rank").asc(nulls_last=True), "-klass", "enterprise__name")
    total = qs.count()
    pages = max(1, (total + PAGE - 1) // PAGE)
    page = min(max(1, page), pages)
    return ResultPage(list(qs[(page - 1) * PAGE : page * PAGE]), total, page, pages)


def indicator_heads(run: PerMuRun) -> list[dict]:
    """The run's indicators in order, with label, unit, weight and the benchmark used."""
    out = []
    for rule in run.definition.get("indicators", []):
        label, _, _, unit, _ = INDICATORS[rule["key"]]
        out.append(
            {
                "key": rule["key"],
                "label": label,
                "unit": unit,
                "weight": rule["weight"],
                "benchmark": run.benchmarks.get(rule["key"]),
                "cap": rule.get("cap"),
            }
        )
    return out


def result_get(run: PerMuRun, enterprise_id: int) -> PerMuResult:
    result = (
        PerMuResult.objects.filter(run=run, enterprise_id=enterprise_id)
        .select_related("enterprise", "enterprise__district")
        .first()
    )
    if result is None:
        raise Http404("该企业不在这次亩均评价的范围内。")
    return result


def result_items(run: PerMuRun, result: PerMuResult) -> list[dict]:
    """The result's items with their indicator's label, unit and weight, in the rule set's order."""
    weights = {rule["key"]: rule["weight"] for rule in run.definition.get("indicators", [])}
    return [
        {
            **i,
            "label": INDICATORS[i["key"]][0],
            "unit": INDICATORS[i["key"]][3],
            "weight": weights.get(i["key"]),
        }
        for i in result.items
    ]


def flip_groups(result: PerMuResult) -> list[dict]:
    """The flips by direction: [{direction, to_class, target, lines}], the class above first."""
    groups: dict = {}
    for f in result.flips:
        group = groups.setdefault(
            f["direction"],
            {"direction": f["direction"], "to_class": f["to_class"], "target": f["target"], "lines": []},
        )
        group["lines"].append(f["text"])
    return [groups[d] for d in ("up", "down") if d in groups]


def method_notice(run_or_rule_set, system) -> str:
    """The plain notice that the city has not adopted the rule set's method ("" once it has).
    A run is judged by the rules it was made with, a rule set by its current definition."""
    definition = run_or_rule_set.definition or {}
    if definition.get("confirmed") is True:
        return ""
    name = run_or_rule_set.rule_set.name if isinstance(run_or_rule_set, PerMuRun) else run_or_rule_set.name
    return (
        f"{system.city_name_zh}亩均效益评价的正式口径待确认：本页按「{name}」计算，"
        "指标、权重、基准和分类线参照外地办法设置，结果供分析参考，不作为正式认定依据。"
    )


def run_rules(run: PerMuRun) -> RuleSet | None:
    """The rules the run was made with, or None if they no longer read (rules checked today)."""
    try:
        return rule_set_from_dict(run.definition)
    except RuleSetError:
        return None


def rule_notes(rules: RuleSet | None) -> list[tuple[str, str]]:
    """The floors, the precision and how flips are worked out, in words, for the pages and the export."""
    if rules is None:
        return []
    land = f"用地 {rules.min_land_mu.normalize():f} 亩" if rules.min_land_mu else "用地 不设下限"
    revenue = (
        f"营业收入 {rules.min_revenue_wan.normalize():f} 万元"
        if rules.min_revenue_wan
        else "营业收入 不设下限"
    )
    return [
        ("参评下限", f"{land}；{revenue}"),
        (
            "得分精度",
            f"得分四舍五入到 {rules.score_decimals} 位小数后排名、分类，公布得分相同的企业名次、类别相同",
        ),
        (
            "升降档测算",
            "按本次基准和其他企业得分不变、每次只变动一项数据测算，所列变化量向上取整；"
            f"得分高出降档线 {rules.flip_margin.normalize():f} 分以内时，另列会导致降档的下降幅度",
        ),
    ]


def firm_results(enterprise) -> list[PerMuResult]:
    """The firm's results, newest first; each item gets its indicator's label and unit, and each
    result the address of its evaluation page (flips and reasons in full)."""
    results = list(
        PerMuResult.objects.filter(enterprise=enterprise)
        .select_related("run", "run__rule_set", "run__system")
        .order_by("-run__year", "run__rule_set__order")
    )
    for r in results:
        r.evaluation_url = reverse("per_mu:result", args=[r.run.system.slug, r.run_id, r.enterprise_id])
        r.labelled_items = [
            {**i, "label": INDICATORS[i["key"]][0], "unit": INDICATORS[i["key"]][3]} for i in r.items
        ]
    return results


def park_classes(park) -> tuple[PerMuRun | None, ClassRow | None]:
    """The latest default run's class counts for the firms in the park."""
    run = latest_run(park.system)
    if run is None:
        return None, None
    row = ClassRow(park.key, park.name_zh)
    for klass, n in (
        PerMuResult.objects.filter(run=run, enterprise__park=park)
        .values_list("klass")
        .annotate(n=Count("id"))
        .order_by()
    ):
        row.counts[klass] = n
    return run, row


def enterprise_page_results(*, system, firm) -> dict:
    """A firm's 亩均 results on its 一企一档 (slot "enterprise_page")."""
    return {"per_mu": firm_results(firm)}
