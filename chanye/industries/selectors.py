"""Reads for industries, chains and support items (pages, API and Excel export share these)."""

from collections import Counter
from dataclasses import dataclass

from django.http import Http404

from chanye.systems.models import System

from .models import ChainSegment, Industry, SupportItem


def industry_list(*, system: System, group: str = "", office: str = "", status: str = ""):
    qs = (
        Industry.objects.filter(system=system)
        .select_related("group", "office")
        .prefetch_related("segments", "sub_industries")
    )
    if group:
        qs = qs.filter(group__key=group)
    if office:
        qs = qs.filter(office__key=office)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("order")


def industry_get(*, system: System, slug: str) -> Industry:
    industry = industry_list(system=system).filter(slug=slug).first()
    if industry is None:
        raise Http404(f"体系「{system.name_zh}」中没有产业「{slug}」。")
    return industry


def support_item_list(
    *, system: System, industry: str = "", item: str = "", status: str = "", group: str = "", office: str = ""
) -> list[SupportItem]:
    """Support items with their `state` (support_item_states); `status` filters on that state."""
    qs = SupportItem.objects.filter(industry__system=system).select_related(
        "industry__group", "industry__office", "item"
    )
    if industry:
        qs = qs.filter(industry__slug=industry)
    if item:
        qs = qs.filter(item__key=item)
    if group:
        qs = qs.filter(industry__group__key=group)
    if office:
        qs = qs.filter(industry__office__key=office)
    items = with_states(system, list(qs.order_by("industry__order", "item__order")))
    return [si for si in items if si.state.status == status] if status else items


def support_item_get(pk: int) -> SupportItem:
    obj = (
        SupportItem.objects.select_related("industry__system", "industry__office", "item")
        .filter(pk=pk)
        .first()
    )
    if obj is None:
        raise Http404(f"找不到配套事项 {pk}。")
    return with_states(obj.industry.system, [obj])[0]


def support_matrix(*, system: System, group: str = "", office: str = ""):
    """Rows of (industry, [support item per package item]) for the 3+5+3+1 completion matrix."""
    items = list(system.package_items.all())
    industries = list(industry_list(system=system, group=group, office=office))
    cells = {}
    found = list(SupportItem.objects.filter(industry__in=industries).select_related("item", "industry"))
    for si in with_states(system, found):
        cells[(si.industry_id, si.item_id)] = si
    rows = [(ind, [cells.get((ind.pk, it.pk)) for it in items]) for ind in industries]
    return items, rows


def list_states_of(system) -> dict:
    """The state of the package items derived from records, per (industry id, package item key):
    the three lists' (lists app, slot "package_item_states")."""
    from datetime import date

    from chanye.core.contributions import collect

    return collect("package_item_states", system=system, today=date.today())


@dataclass(frozen=True)
class ItemState:
    """How far one 3+5+3+1 item of one industry is: the one answer every surface shows."""

    status: str  # not_started | in_progress | done
    label: str  # 未启动 / 编制中 / 已完成, or for the three lists 已建（N 条）/ 运行中（在办 N）
    note: str  # why, when derived from records

    @property
    def derived(self) -> bool:
        return bool(self.note)


def with_states(system, items: list, lists: dict | None = None) -> list:
    """Set `.state` (ItemState) on each support item: the stored status, except the three list
    items, derived from the lists. Matrix, counters, industry pages, API and Excel read it."""
    lists = list_states_of(system) if lists is None else lists
    for si in items:
        si.state = ItemState(*cell_status(si, lists))
    return items


def support_item_totals(system, industries=None) -> Counter:
    """{status: count} of the support items (of `industries`, else all) by their state."""
    qs = SupportItem.objects.filter(industry__system=system).select_related("item")
    if industries is not None:
        qs = qs.filter(industry__in=industries)
    return Counter(si.state.status for si in with_states(system, list(qs)))


def cell_status(cell, lists: dict) -> tuple[str, str, str]:
    """(status, label, note) of a matrix cell. The three list cells are derived from the lists: a
    list with items is 编制中 ("已建"); one with open items moved in 90 days is in place (运行中)."""
    state = lists.get((cell.industry_id, cell.item.key))
    if state is None:
        return cell.status, cell.get_status_display(), ""
    note = f"按清单自动判定——共 {state.total} 条，在办 {state.open} 条，" + (
        "近 90 天有推进" if state.worked else "近 90 天没有推进"
    )
    if state.worked:
        return SupportItem.STATUS_DONE, f"运行中（在办 {state.open}）", note
    return SupportItem.STATUS_IN_PROGRESS, f"已建（{state.total} 条）", note


# What an import cell may say for an industry, an office or a chain segment (key or name).


def industry_words(system) -> dict[str, int]:
    return {
        k: pk
        for pk, slug, name in system.industries.values_list("pk", "slug", "name_zh")
        for k in (slug, name)
    }


def industry_offices(system) -> dict[int, int | None]:
    """Industry id → the id of the office that owns it: where an import row of an industry belongs."""
    return dict(system.industries.values_list("pk", "office_id"))


def industry_names(system) -> list[str]:
    return list(system.industries.values_list("name_zh", flat=True))


def office_words(system) -> dict[str, int]:
    return {
        k: pk for pk, key, name in system.offices.values_list("pk", "key", "name_zh") for k in (key, name)
    }


def segment_words(system) -> dict[tuple[int, str], int]:
    """(industry id, key or name) → segment id: segment names and keys repeat across industries
    (every 待确认 slot has 基础研究与关键技术), so a cell is read within its row's industry."""
    out = {}
    for pk, industry_id, key, name in ChainSegment.objects.filter(industry__system=system).values_list(
        "pk", "industry_id", "key", "name_zh"
    ):
        out[(industry_id, key)] = out[(industry_id, name)] = pk
    return out


# ---------------------------------------------------------------- contributions to the system's pages


def source_citations(*, system) -> list:
    """The offices and industries that cite each source, for the 来源文献 page (slot "source_citations")."""
    from django.urls import reverse

    from chanye.systems.selectors import cite

    out = []
    for o in system.offices.all():
        out += cite(
            o.source_ids,
            "产业发展办公室",
            o.name_zh,
            reverse("industries:office_detail", args=[system.slug, o.key]),
        )
    for ind in system.industries.all():
        out += cite(
            ind.source_ids,
            "产业",
            ind.name_zh,
            reverse("industries:industry_detail", args=[system.slug, ind.slug]),
        )
    return out


def industry_counts(*, system) -> dict:
    """The overview counters of industries, segments and support items (slot "system_counts")."""
    from .models import ChainSegment

    industries = Industry.objects.filter(system=system)
    support = SupportItem.objects.filter(industry__system=system)
    return {
        "industries": industries.count(),
        "industries_confirmed": industries.filter(status=Industry.STATUS_CONFIRMED).count(),
        "industries_pending": industries.filter(status=Industry.STATUS_PENDING).count(),
        "groups": system.industry_groups.count(),
        "offices": system.offices.count(),
        "segments": ChainSegment.objects.filter(industry__system=system).count(),
        "support_items": support.count(),
        **_support_counters(system),
    }


def _support_counters(system) -> dict:
    totals = support_item_totals(system)
    return {
        "support_items_done": totals[SupportItem.STATUS_DONE],
        "support_items_in_progress": totals[SupportItem.STATUS_IN_PROGRESS],
    }


def overview_industries(*, system) -> dict:
    """The 21+8 by family and group, the offices, and the industries not yet confirmed (slot "system_page")."""
    families: list[tuple[str, list]] = []
    for g in system.industry_groups.prefetch_related("industries__office"):
        family = g.family_zh or g.name_zh
        if families and families[-1][0] == family:
            families[-1][1].append(g)
        else:
            families.append((family, [g]))
    return {
        "families": families,
        "offices": system.offices.prefetch_related("industries"),
        "pending": system.industries.filter(status=Industry.STATUS_PENDING),
    }


def uncertain_industries(*, system) -> dict:
    """Industries and offices of medium or lower confidence (slot "system_uncertain")."""
    doubtful = ["medium", "low", "unverified"]
    return {
        "industries": list(
            system.industries.exclude(status=Industry.STATUS_PENDING).filter(confidence__in=doubtful)
        ),
        "offices": list(system.offices.filter(confidence__in=doubtful)),
    }
