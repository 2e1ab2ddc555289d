"""Reads for enterprises: the registry list, one firm's file, chain maps and pre-aggregated figures."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.http import Http404

from chanye.analytics.chains import SegmentStat, weak_links

from .models import TAGS, Enterprise, EnterpriseFigure, EnterpriseRollup

LIST_PAGE = 50
COUNT_CAP = 10_000  # beyond this a filtered count says "超过 10,000 家" instead of counting a million rows
TAG_FILTERS = dict(TAGS) | {"above_scale": "规上企业"}


def enterprise_get(*, system, pk: int) -> Enterprise:
    firm = (
        Enterprise.objects.filter(system=system, pk=pk)
        .select_related("district", "segment__industry", "import_batch__user")
        .first()
    )
    if firm is None:
        raise Http404(f"体系「{system.name_zh}」中没有编号为 {pk} 的企业。")
    return firm


@dataclass
class ListResult:
    rows: list
    count: int | None  # exact, or None when above COUNT_CAP
    page: int
    has_next: bool


def enterprise_list(
    *,
    system,
    q: str = "",
    district: str = "",
    industry: str = "",
    segment: str = "",
    tag: str = "",
    review: bool = False,
    page: int = 1,
) -> ListResult:
    qs = Enterprise.objects.filter(system=system)
    if q:
        qs = qs.filter(uscc=q.upper()) if len(q) == 18 and q.isalnum() else qs.filter(name__contains=q)
    if district:
        qs = qs.filter(district__code=district)
    if industry:
        # One filter() call: industry and segment must hold for the same placement.
        if segment == "none":
            qs = qs.filter(placements__industry__slug=industry, placements__segment__isnull=True)
        elif segment:
            qs = qs.filter(placements__industry__slug=industry, placements__segment__key=segment)
        else:
            qs = qs.filter(placements__industry__slug=industry)
    if tag in TAG_FILTERS:
        qs = qs.filter(**{tag: True})
    if review:
        qs = qs.filter(needs_review=True)
    start = (page - 1) * LIST_PAGE
    # Registry order (pk) walks the (system, district) index without sorting a million rows.
    rows = list(qs.select_related("district").order_by("pk")[start : start + LIST_PAGE + 1])
    count = (
        _rollup_count(system, district=district, industry=industry, segment=segment)
        if not (q or tag or review)
        else None
    )
    if count is None:
        capped = qs.values("pk")[: COUNT_CAP + 1].count()
        count = None if capped > COUNT_CAP else capped
    return ListResult(rows[:LIST_PAGE], count, page, len(rows) > LIST_PAGE)


def _rollup_count(system, *, district: str, industry: str, segment: str) -> int | None:
    """The exact count from the pre-aggregated rollups when the filters are ones they are keyed by."""
    if segment == "none":
        return None
    keys: dict = {}
    if district:
        keys["district__code"] = district
    if industry:
        keys["industry__slug"] = industry
    if segment:
        keys["segment__key"] = segment
    level = {
        (False, False, False): "all", (True, False, False): "district", (False, True, False): "industry",
        (True, True, False): "industry_district", (False, True, True): "segment", (True, True, True): "segment_district",
    }.get((bool(district), bool(industry), bool(segment)))  # fmt: skip
    if level is None:
        return None
    if not EnterpriseRollup.objects.filter(system=system, level="all").exists():
        return None  # rollups not built (no import yet): count the registry
    return (
        EnterpriseRollup.objects.filter(system=system, level=level, **keys)
        .values_list("firms", flat=True)
        .first()
        or 0
    )


def name_industries(system, firms) -> None:
    """Set `industry_names` (中文, main industry first) on each firm for a table."""
    names = dict(system.industries.values_list("slug", "name_zh"))
    for e in firms:
        e.industry_names = [names.get(s, s) for s in e.industry_slugs.split("|") if s]


def figures_of(firm: Enterprise) -> list[EnterpriseFigure]:
    return list(firm.figures.order_by("year", "quarter"))


# ---------------------------------------------------------------- rollups


def rollup(system, level: str, **keys) -> EnterpriseRollup | None:
    return EnterpriseRollup.objects.filter(system=system, level=level, **keys).first()


def rollups_by(system, level: str, key: str, **keys) -> dict:
    """{industry_id | segment_id | district_id: rollup} for one level."""
    return {getattr(r, key): r for r in EnterpriseRollup.objects.filter(system=system, level=level, **keys)}


@dataclass(frozen=True)
class Figures:
    """What a page shows from a rollup: counts, money in 亿元, R&D intensity from its parts."""

    year: int | None
    firms: int
    above_scale: int
    chain_leaders: int
    srdi: int
    little_giants: int
    high_tech: int
    listed: int
    key_firms: int
    demo_firms: int
    output_yi: Decimal
    revenue_yi: Decimal
    tax_yi: Decimal
    rd_intensity: Decimal | None  # % of revenue, recomputed from sums (never an average of rates)

    @classmethod
    def of(cls, r: EnterpriseRollup | None) -> "Figures | None":
        if r is None:
            return None
        yi = Decimal(10000)
        return cls(
            r.year, r.firms, r.above_scale, r.chain_leaders, r.srdi, r.little_giants, r.high_tech, r.listed, r.key_firms, r.demo_firms,
            r.output_value / yi, r.revenue / yi, r.tax / yi, (r.rd_spend / r.revenue * 100) if r.revenue else None,
        )  # fmt: skip


def enterprise_figures(system, *, industry=None, district=None) -> "Figures | None":
    """The 企业 card of the 体系总览 (no key), 产业 or 区 page: one rollup row."""
    if industry is not None:
        return Figures.of(rollup(system, "industry", industry=industry))
    if district is not None:
        return Figures.of(rollup(system, "district", district=district))
    return Figures.of(rollup(system, "all"))


def segment_ids(system) -> dict[str, int]:
    """'industry_slug:segment_key' → segment id (segment keys repeat across industries)."""
    from chanye.industries.models import ChainSegment

    return {
        f"{slug}:{key}": pk
        for pk, slug, key in ChainSegment.objects.filter(industry__system=system).values_list(
            "pk", "industry__slug", "key"
        )
    }


def industry_ids(system) -> dict[str, int]:
    return dict(system.industries.values_list("slug", "pk"))


def chain_stats(industry, *, district=None) -> tuple[list, dict]:
    """Per segment of the industry: its rollup (None when no firm) and the weak-link scores."""
    system = industry.system
    keys = {"industry": industry}
    if district is not None:
        by_segment = rollups_by(system, "segment_district", "segment_id", district=district, **keys)
    else:
        by_segment = rollups_by(system, "segment", "segment_id", **keys)
    segments = list(industry.segments.all())
    stats = []
    for s in segments:
        r = by_segment.get(s.pk)
        output = (r.output_value or r.revenue) if r else Decimal(0)
        stats.append(SegmentStat(s.key, s.name_zh, s.stage, r.firms if r else 0, output))
    scores = {x.key: x for x in weak_links(stats)}
    return [(s, by_segment.get(s.pk), scores[s.key]) for s in segments], {"unplaced": by_segment.get(None)}


def leaders_by_segment(industry, *, limit: int = 3) -> dict[int, list]:
    """Chain leaders and key firms per segment (a few names each), for the chain map's table."""
    from .models import EnterpriseIndustry

    out: dict[int, list] = {}
    qs = EnterpriseIndustry.objects.filter(
        industry=industry, enterprise__is_chain_leader=True
    ) | EnterpriseIndustry.objects.filter(industry=industry, enterprise__is_key=True)
    for p in qs.select_related("enterprise").order_by("-enterprise__is_chain_leader", "enterprise__name")[
        :500
    ]:
        items = out.setdefault(p.segment_id, [])
        if len(items) < limit:
            items.append(p.enterprise)
    return out


def orphan_counts() -> dict[str, int]:
    """Rows whose foreign key points at nothing, per `Model.field`, for the keys declared without a
    database constraint (models.py says why). All zero unless something wrote around Django."""
    from .models import EnterpriseIndustry

    out = {}
    with connection.cursor() as cursor:
        for model in (Enterprise, EnterpriseIndustry, EnterpriseFigure):
            for field in model._meta.concrete_fields:
                if not field.is_relation or field.db_constraint:
                    continue
                parent = field.related_model._meta
                cursor.execute(
                    f'SELECT COUNT(*) FROM "{model._meta.db_table}" c LEFT JOIN "{parent.db_table}" p ON p."{parent.pk.column}" = c."{field.column}" '
                    f'WHERE c."{field.column}" IS NOT NULL AND p."{parent.pk.column}" IS NULL'
                )
                out[f"{model.__name__}.{field.name}"] = cursor.fetchone()[0]
    return out


def firm_words(system) -> dict[str, int]:
    """Firms an import cell may name, by credit code only: names are not unique, codes are."""
    return dict(Enterprise.objects.filter(system=system).exclude(uscc=None).values_list("uscc", "pk"))


# ---------------------------------------------------------------- contributions to lower apps' pages


def system_page_figures(*, system) -> dict:
    """The 企业 card of the 体系总览 (slot "system_page")."""
    return {"figures": enterprise_figures(system)}


def industry_page_figures(*, system, industry) -> dict:
    """The 企业 card of an industry's page (slot "industry_page")."""
    return {"figures": enterprise_figures(system, industry=industry)}


def district_page_figures(*, system, district) -> dict:
    """The district's firms, and its industries by number of firms with their share of the city's
    firms in that industry, from the pre-aggregated rollups (slot "district_page")."""
    by_industry = list(
        EnterpriseRollup.objects.filter(system=system, level="industry_district", district=district)
        .select_related("industry")
        .order_by("-firms")[:10]
    )
    city = {
        r.industry_id: r
        for r in EnterpriseRollup.objects.filter(
            system=system, level="industry", industry_id__in=[r.industry_id for r in by_industry]
        )
    }
    rows = [
        (
            r,
            r.firms * 100 / city[r.industry_id].firms
            if city.get(r.industry_id) and city[r.industry_id].firms
            else None,
        )
        for r in by_industry
    ]
    return {"figures": enterprise_figures(system, district=district), "industry_rows": rows}


def district_layout_figures(*, system, district, industry_ids) -> dict:
    """Firms, 规上 firms and output of each layout industry in the district (slot "district_layout")."""
    from chanye.districts.selectors import LayoutColumn

    rows = rollups_by(
        system, "industry_district", "industry_id", district=district, industry_id__in=industry_ids
    )
    return {
        "columns": [
            LayoutColumn("企业", "家", {k: r.firms for k, r in rows.items()}, "企业"),
            LayoutColumn("规上企业", "家", {k: r.above_scale for k, r in rows.items()}, "企业"),
            LayoutColumn("工业总产值", "万元", {k: r.output_value for k, r in rows.items()}, "企业"),
        ]
    }
