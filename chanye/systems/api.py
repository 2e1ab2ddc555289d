import datetime as dt

from ninja import Router, Schema

from chanye.core.api import ERRORS

from .models import Element, System
from .selectors import system_counts, system_get

router = Router(tags=["体系"])


class SystemBrief(Schema):
    slug: str
    code: str
    name_zh: str
    city_name_zh: str
    city_code: str
    as_of: dt.date


class ElementOut(Schema):
    key: str
    kind: str
    kind_display: str
    name_zh: str
    name_en: str
    verb_zh: str
    owner_zh: str
    quote: str
    numbers: list[dict]
    parts: list[str]
    confidence: str
    sources: list[str]


class GroupOut(Schema):
    key: str
    name_zh: str
    name_en: str
    family_zh: str
    expected_count: int | None
    industries: list[str]


class OfficeOut(Schema):
    key: str
    name_zh: str
    lead_body_zh: str
    industries: list[str]
    confidence: str
    sources: list[str]


class SourceOut(Schema):
    id: str
    publisher: str
    author: str
    title: str
    doc_no: str
    url: str
    copy_url: str
    kind: str
    date: dt.date | None
    note: str


class SystemOut(SystemBrief):
    name_en: str
    counts: dict[str, int]
    elements: list[ElementOut]
    groups: list[GroupOut]
    offices: list[OfficeOut]
    support_package: list[dict]
    sources: list[SourceOut]


@router.get("/systems", response={200: list[SystemBrief], **ERRORS}, summary="已载入的体系")
def systems(request):
    return list(System.objects.all())


@router.get("/system", response={200: SystemOut, **ERRORS}, summary="体系结构与统计")
def system_detail(request, system: str | None = None):
    s = system_get(system)
    elements = s.elements.filter(parent=None).prefetch_related("parts")
    return {
        "slug": s.slug,
        "code": s.code,
        "name_zh": s.name_zh,
        "name_en": s.name_en,
        "city_name_zh": s.city_name_zh,
        "city_code": s.city_code,
        "as_of": s.as_of,
        "counts": system_counts(s),
        "elements": [
            {
                "key": e.key,
                "kind": e.kind,
                "kind_display": e.get_kind_display(),
                "name_zh": e.name_zh,
                "name_en": e.name_en,
                "verb_zh": e.verb_zh,
                "owner_zh": e.owner_zh,
                "quote": e.quote,
                "numbers": e.numbers,
                "parts": [p.name_zh for p in e.parts.all()],
                "confidence": e.confidence,
                "sources": e.source_ids,
            }
            for e in elements
        ],
        "groups": [
            {
                "key": g.key,
                "name_zh": g.name_zh,
                "name_en": g.name_en,
                "family_zh": g.family_zh,
                "expected_count": g.expected_count,
                "industries": [i.slug for i in g.industries.all()],
            }
            for g in s.industry_groups.prefetch_related("industries")
        ],
        "offices": [
            {
                "key": o.key,
                "name_zh": o.name_zh,
                "lead_body_zh": o.lead_body_zh,
                "industries": [i.slug for i in o.industries.all()],
                "confidence": o.confidence,
                "sources": o.source_ids,
            }
            for o in s.offices.prefetch_related("industries")
        ],
        "support_package": [
            {
                "key": p.key,
                "name_zh": p.name_zh,
                "category_key": p.category_key,
                "category_name_zh": p.category_name_zh,
            }
            for p in s.package_items.all()
        ],
        "sources": [
            {
                "id": x.key,
                "publisher": x.publisher,
                "author": x.author,
                "title": x.title,
                "doc_no": x.doc_no,
                "url": x.url,
                "copy_url": x.copy_url,
                "kind": x.kind,
                "date": x.date,
                "note": x.note,
            }
            for x in s.sources.all()
        ],
    }


ELEMENT_KINDS = dict(Element.KIND_CHOICES)
