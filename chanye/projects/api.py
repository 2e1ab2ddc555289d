"""Projects: read with their stage and stall flag, and import projects and monthly investment
(city staff), as on the pages."""

from datetime import date
from decimal import Decimal

from django.http import Http404
from ninja import Query, Router, Schema

from chanye.accounts.permissions import (
    DENIED_INVESTMENT_IMPORT,
    DENIED_PROJECTS_IMPORT,
    can_edit_projects,
)
from chanye.core.api import ERRORS, Page, import_route
from chanye.systems.selectors import system_get

from .importing import INVESTMENTS, PROJECTS
from .selectors import project_queryset, with_status

router = Router(tags=["项目"])


class ProjectOut(Schema):
    code: str
    name: str
    kind: str
    kind_zh: str
    district: str
    industry: str | None
    planned_investment: Decimal | None = None  # 万元
    completed: Decimal | None = None  # 万元, from the monthly investment
    signed_on: date | None
    land_on: date | None
    started_on: date | None
    operating_on: date | None
    full_on: date | None
    stage_label: str
    stalled: str | None
    days_waited: int | None
    demo_data: bool

    @staticmethod
    def resolve_kind_zh(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_district(obj):
        return obj.district.code

    @staticmethod
    def resolve_industry(obj):
        return obj.industry.slug if obj.industry_id else None

    @staticmethod
    def resolve_stalled(obj):
        return obj.stall.label if obj.stall else None

    @staticmethod
    def resolve_days_waited(obj):
        return obj.stall.waited if obj.stall else None

    @staticmethod
    def resolve_demo_data(obj):
        return obj.demo


class ProjectPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ProjectOut]


@router.get("/projects", response={200: ProjectPage, **ERRORS}, summary="项目库（阶段、投资、停滞）")
def projects(
    request,
    page: Query[Page],
    system: str | None = None,
    kind: str = "",
    district: str = "",
    industry: str = "",
    office: str = "",
):
    s = system_get(system)
    qs = project_queryset(s, kind=kind, district=district, industry=industry, office=office).order_by("pk")
    rows = with_status(qs[page.offset : page.offset + page.limit], s, date.today())
    return {"count": qs.count(), "limit": page.limit, "offset": page.offset, "items": rows}


import_route(
    router,
    "/projects/import",
    register=PROJECTS,
    system_of=system_get,
    allowed=can_edit_projects,
    denied=DENIED_PROJECTS_IMPORT,
    summary="导入项目（全有或全无；dry_run 只检查）",
)
import_route(
    router,
    "/project-investments/import",
    register=INVESTMENTS,
    system_of=system_get,
    allowed=can_edit_projects,
    denied=DENIED_INVESTMENT_IMPORT,
    summary="导入项目分月投资（全有或全无；dry_run 只检查）",
)


# After the import routes: /projects/{code} would otherwise match /projects/import.
@router.get("/projects/{code}", response={200: ProjectOut, **ERRORS}, summary="单个项目")
def project_detail(request, code: str, system: str | None = None):
    s = system_get(system)
    found = list(project_queryset(s).filter(code=code))
    if not found:
        raise Http404(f"没有编号为「{code}」的项目。")
    return with_status(found, s, date.today())[0]
