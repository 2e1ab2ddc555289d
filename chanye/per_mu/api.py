"""亩均效益评价: runs and their results, read; a run made (city staff), as on the pages."""

from decimal import Decimal

from django.db.models import F
from ninja import Query, Router, Schema, Status

from chanye.accounts.permissions import DENIED_PER_MU, can_evaluate_per_mu
from chanye.core.api import ERRORS, Page, paginate
from chanye.systems.selectors import system_get

from .models import PerMuResult
from .selectors import rule_sets_of, run_get, runs_of
from .services import per_mu_evaluate

router = Router(tags=["亩均效益评价"])


class RunOut(Schema):
    id: int
    year: int
    rule_set: str
    rule_set_name: str
    in_scope: int
    rated: int
    excluded: int
    missing: int
    demo_firms: int

    @staticmethod
    def resolve_rule_set(obj):
        return obj.rule_set.key

    @staticmethod
    def resolve_rule_set_name(obj):
        return obj.rule_set.name


class FlipOut(Schema):
    """What one input would have to change to move the firm a class (as on its evaluation page)."""

    direction: str  # "up": lifts it to to_class; "down": a decline beyond `change` drops it
    to_class: str
    target: str  # the published score of the line
    input: str  # tax, revenue, land_mu, energy_tce …
    change: str | None  # signed change of the input; null: this input alone cannot do it
    per_mu: str | None  # the same change per 亩, for inputs with a per-mu indicator
    text: str


class ResultOut(Schema):
    uscc: str | None
    name: str
    district: str | None
    klass: str
    previous_klass: str
    score: Decimal | None
    rank: int | None
    reason: str  # why not rated (T), or what is missing
    flips: list[FlipOut]
    demo_data: bool

    @staticmethod
    def resolve_uscc(obj):
        return obj.enterprise.uscc

    @staticmethod
    def resolve_name(obj):
        return obj.enterprise.name

    @staticmethod
    def resolve_district(obj):
        return obj.enterprise.district.code if obj.enterprise.district_id else None

    @staticmethod
    def resolve_demo_data(obj):
        return obj.enterprise.origin == "demo"


class RunPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[RunOut]


class ResultPage(RunPage):
    items: list[ResultOut]


class EvaluateIn(Schema):
    rule_set: str
    year: int


@router.get("/per-mu/runs", response={200: RunPage, **ERRORS}, summary="亩均评价的各次运行")
def runs(request, page: Query[Page], system: str | None = None):
    return paginate(runs_of(system_get(system)), page)


@router.get(
    "/per-mu/runs/{run_id}/results",
    response={200: ResultPage, **ERRORS},
    summary="一次评价的企业结果（按名次）",
)
def results(
    request, run_id: int, page: Query[Page], system: str | None = None, klass: str = "", district: str = ""
):
    run = run_get(system=system_get(system), pk=run_id)
    qs = PerMuResult.objects.filter(run=run).select_related("enterprise", "enterprise__district")
    if klass:
        qs = qs.filter(klass=klass)
    if district:
        qs = qs.filter(enterprise__district__code=district)
    return paginate(qs.order_by(F("rank").asc(nulls_last=True), "-klass", "enterprise__name"), page)


@router.post(
    "/per-mu/runs", response={201: RunOut, **ERRORS}, summary="按规则集评价某一年度（市级管理员或编辑）"
)
def evaluate(request, payload: EvaluateIn, system: str | None = None):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    if not can_evaluate_per_mu(request.user):
        raise PermissionDenied(DENIED_PER_MU)
    s = system_get(system)
    rule_set = rule_sets_of(s).filter(key=payload.rule_set).first()
    if rule_set is None:
        keys = "、".join(rule_sets_of(s).values_list("key", flat=True)) or "（尚未载入规则集）"
        raise Http404(f"没有规则集「{payload.rule_set}」。可用：{keys}。")
    return Status(201, per_mu_evaluate(rule_set=rule_set, year=payload.year, user=request.user))
