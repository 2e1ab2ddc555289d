"""Reads for industries, chains and support items (pages, API and Excel export share these)."""

from django.http import Http404

from chanye.systems.models import System

from .models import Industry, SupportItem


def industry_list(*, system: System, group: str = "", office: str = "", status: str = ""):
    qs = Industry.objects.filter(system=system).select_related("group", "office").prefetch_related("segments", "sub_industries")
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


def support_item_list(*, system: System, industry: str = "", item: str = "", status: str = "", group: str = "", office: str = ""):
    qs = SupportItem.objects.filter(industry__system=system).select_related("industry__group", "industry__office", "item")
    if industry:
        qs = qs.filter(industry__slug=industry)
    if item:
        qs = qs.filter(item__key=item)
    if status:
        qs = qs.filter(status=status)
    if group:
        qs = qs.filter(industry__group__key=group)
    if office:
        qs = qs.filter(industry__office__key=office)
    return qs.order_by("industry__order", "item__order")


def support_item_get(pk: int) -> SupportItem:
    obj = SupportItem.objects.select_related("industry__system", "industry__office", "item").filter(pk=pk).first()
    if obj is None:
        raise Http404(f"找不到配套事项 {pk}。")
    return obj


def support_matrix(*, system: System, group: str = "", office: str = ""):
    """Rows of (industry, [support item per package item]) for the 3+5+3+1 completion matrix."""
    items = list(system.package_items.all())
    industries = list(industry_list(system=system, group=group, office=office))
    cells = {}
    for si in SupportItem.objects.filter(industry__in=industries).select_related("item", "industry"):
        cells[(si.industry_id, si.item_id)] = si
    rows = [(ind, [cells.get((ind.pk, it.pk)) for it in items]) for ind in industries]
    return items, rows


def list_states_of(system) -> dict:
    """The three lists' state per (industry, package item key), from chanye.pipelines."""
    from datetime import date

    from chanye.pipelines.selectors import list_states

    return list_states(system, date.today())


def cell_status(cell, lists: dict) -> tuple[str, str, str]:
    """(status, label, note) of a matrix cell. The three list cells are derived from the lists: a
    list with items is 编制中 ("已建"); one with open items moved in 90 days is in place (运行中)."""
    state = lists.get((cell.industry_id, cell.item.key))
    if state is None:
        return cell.status, cell.get_status_display(), ""
    note = f"按清单自动判定——共 {state.total} 条，在办 {state.open} 条，" + ("近 90 天有推进" if state.worked else "近 90 天没有推进")
    if state.worked:
        return SupportItem.STATUS_DONE, f"运行中（在办 {state.open}）", note
    return SupportItem.STATUS_IN_PROGRESS, f"已建（{state.total} 条）", note


# What an import cell may say for an industry, an office or a chain segment (key or name).


def industry_words(system) -> dict[str, int]:
    return {k: pk for pk, slug, name in system.industries.values_list("pk", "slug", "name_zh") for k in (slug, name)}


def industry_names(system) -> list[str]:
    return list(system.industries.values_list("name_zh", flat=True))


def office_words(system) -> dict[str, int]:
    return {k: pk for pk, key, name in system.offices.values_list("pk", "key", "name_zh") for k in (key, name)}


def segment_words(system) -> dict[str, int]:
    out = {}
    for pk, key, name in system.industries.values_list("segments__pk", "segments__key", "segments__name_zh"):
        if pk is not None:
            out[key] = out.setdefault(name, pk)
    return out
