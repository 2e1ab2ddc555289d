"""The three lists (招商、科技转化、增资扩产): read, import (city staff), and a signed lead turned
into a project, as on the pages."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import File, Query, Router, Schema, Status, UploadedFile

from chanye.accounts.permissions import DENIED_LEAD_CONVERT, DENIED_LISTS_IMPORT, can_edit_lists
from chanye.core.api import ERRORS, ImportOut, Page, paginate, register_import
from chanye.systems.selectors import system_get

from .models import Lead
from .selectors import LISTS, items
from .services import lead_to_project

router = Router(tags=["三张清单"])


class ItemOut(Schema):
    id: int
    code: str
    title: str
    stage: str
    stage_zh: str
    lost: bool
    reason: str
    industry: str | None
    district: str | None
    owner: str
    next_action: str
    next_action_on: date | None
    project: str | None = None
    demo_data: bool

    @staticmethod
    def resolve_title(obj):
        return str(obj)

    @staticmethod
    def resolve_stage_zh(obj):
        return obj.get_stage_display()

    @staticmethod
    def resolve_industry(obj):
        return obj.industry.slug if obj.industry_id else None

    @staticmethod
    def resolve_district(obj):
        return obj.district.code if obj.district_id else None

    @staticmethod
    def resolve_project(obj):
        return obj.project.code if getattr(obj, "project_id", None) else None

    @staticmethod
    def resolve_demo_data(obj):
        return obj.origin == "demo"


class ItemPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ItemOut]


def _kind(kind: str):
    if kind not in LISTS:
        raise Http404(
            f"没有「{kind}」清单：可用 leads（招商）、transfers（科技转化）、expansions（增资扩产）。"
        )
    return LISTS[kind]


@router.get(
    "/lists/{kind}",
    response={200: ItemPage, **ERRORS},
    summary="清单条目（kind：leads、transfers、expansions）",
)
def list_items(
    request,
    kind: str,
    page: Query[Page],
    system: str | None = None,
    industry: str = "",
    office: str = "",
    stage: str = "",
    state: str = "",
):
    spec = _kind(kind)
    return paginate(
        items(spec, system_get(system), industry=industry, office=office, stage=stage, state=state).order_by(
            "pk"
        ),
        page,
    )


@router.post(
    "/lists/{kind}/import",
    response={**ERRORS, 200: ImportOut, 422: ImportOut},
    summary="导入清单（全有或全无；dry_run 只检查）",
)
def list_import(
    request, kind: str, file: File[UploadedFile], system: str | None = None, dry_run: bool = False
):
    spec = _kind(kind)
    return register_import(
        request,
        register=spec.register,
        system=system_get(system),
        allowed=can_edit_lists(request.user),
        denied=DENIED_LISTS_IMPORT,
        file=file,
        dry_run=dry_run,
    )


@router.post(
    "/lists/leads/{lead_id}/convert",
    response={201: ItemOut, **ERRORS},
    summary="已签约的招商线索转为招商引资项目",
)
def lead_convert(request, lead_id: int, system: str | None = None):
    if not can_edit_lists(request.user):  # asked before anything is looked up
        raise PermissionDenied(DENIED_LEAD_CONVERT)
    lead = Lead.objects.filter(system=system_get(system), pk=lead_id).first()
    if lead is None:
        raise Http404(f"没有编号为 {lead_id} 的招商线索。")
    lead_to_project(lead=lead, user=request.user)
    lead.refresh_from_db()
    return Status(201, lead)
