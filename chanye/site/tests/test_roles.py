"""Every write route (pages, API, imports, the command line) × every role.

Two tables. The first pins the rules of chanye/accounts/permissions.py for each role. The second
sends each write route's request as each persona and checks that the route did what the
permissions module decides: allowed → not refused and something was written (history rows);
refused → 403 and nothing at all written; allowed to import but a row outside the user's scope
(another district's, another office's industry) → 422 naming the row, and nothing written.
"""

import re
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chanye.accounts import permissions as p
from chanye.core.tests.utils import history_total

SLUG = "guangzhou-12218"
PERSONAS = ["admin", "city_editor", "tianhe_editor", "haizhu_editor", "office_editor", "viewer"]


@pytest.fixture
def world(system, targets, request):
    """The objects the routes write to, and the personas by name."""
    from chanye.targets.models import Milestone, Target

    people = {name: request.getfixturevalue(name) for name in PERSONAS}
    ai = system.industries.get(slug="artificial_intelligence")  # owned by office_ai, the office editor's
    return {
        "people": people,
        "ai": ai,
        "icv": system.industries.get(slug="icv_nev"),
        "ai_item": ai.support_items.order_by("pk").first(),
        "tianhe": system.districts.get(code="440106"),
        "haizhu": system.districts.get(code="440105"),
        "huangpu": system.districts.get(code="440112"),
        "nansha": system.districts.get(code="440115"),
        "haizhu_target": Target.objects.get(code="haizhu_llm_enterprises_2025"),
        "city_target": Target.objects.get(code="city_budget_industry_share_2030"),
        "haizhu_milestone": Milestone.objects.filter(district__code="440105").order_by("code").first(),
    }


# ---------------------------------------------------------------- 1. the rules, role by role

A, CE, TH, HZ, OF, V = PERSONAS


RULES = [
    # (decision, the object it is asked about, personas allowed)
    ("can_edit_industry", "ai", {A, CE, OF}),
    ("can_edit_industry", "icv", {A, CE}),
    ("can_edit_support_item", "ai_item", {A, CE, OF}),
    ("can_edit_district", "tianhe", {A, CE, TH}),
    ("can_edit_district", "haizhu", {A, CE, HZ}),
    ("can_edit_target", "haizhu_target", {A, CE, HZ}),
    ("can_edit_target", "city_target", {A, CE}),
    ("can_edit_milestone", "haizhu_milestone", {A, CE, HZ}),
    ("can_edit_places", None, {A, CE, TH, HZ}),
    ("can_edit_projects", None, {A, CE, TH, HZ, OF}),
    ("can_edit_lists", None, {A, CE, TH, HZ, OF}),
    ("can_import_enterprises", None, {A, CE, TH, HZ}),
    ("can_place_enterprise", None, {A, CE}),
    ("can_evaluate_per_mu", None, {A, CE}),
    ("can_manage_tasks", None, {A, CE}),
    ("can_write_anything", None, {A, CE, TH, HZ, OF}),
]


@pytest.mark.parametrize(("decision", "obj", "allowed"), RULES, ids=[f"{d}-{o}" for d, o, _ in RULES])
def test_the_rules_of_each_role(world, decision, obj, allowed):
    check = getattr(p, decision)
    answers = {
        name: check(user, world[obj]) if obj else check(user) for name, user in world["people"].items()
    }
    assert {name for name, yes in answers.items() if yes} == allowed


def test_an_anonymous_or_inactive_user_may_write_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    editor = world["people"][CE]
    editor.is_active = False
    for user in (AnonymousUser(), editor, None):
        assert p.user_role(user) == ""
        assert not p.can_write_anything(user) and not p.can_edit_places(user)
        assert not p.can_edit_district(user, world["tianhe"])


def test_the_command_line_writes_as_the_built_in_city_account(cli, world):
    from chanye.accounts.services import readonly_user

    assert (
        p.user_role(cli) == "city_admin"
        and p.can_edit_places(cli)
        and p.can_edit_target(cli, world["city_target"])
    )
    assert p.user_role(readonly_user()) == "viewer" and not p.can_write_anything(readonly_user())


# ---------------------------------------------------------------- 2. each write route obeys them


def _csv(name: str, *lines: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode("utf-8"))


def _enterprise_file():
    from chanye.enterprises.tests.test_importing import csv_file, row

    return SimpleUploadedFile("企业.csv", csv_file(row(1)))


def _rows_of(gate, district: str, industry: str | None = None):
    """The decision of an import whose one row is in `district` (and `industry`): refused before
    reading (False), written (True), or refused at the row ("row")."""

    def decide(user, world):
        if not gate(user):
            return False
        office = world[industry].office_id if industry else None
        return p.can_write_record(user, district_id=world[district].pk, office_id=office) or "row"

    return decide


@dataclass(frozen=True)
class Route:
    name: str
    method: str  # post | post_json | patch_json | upload
    path: object  # world -> path
    body: object  # world -> form data / JSON / upload files
    decision: object  # (user, world) -> True | False | "row": what chanye.accounts.permissions decides
    writes: bool = True  # allowed requests write history rows


ROUTES = [
    Route("产业页：修改维护字段", "post", lambda w: f"/s/{SLUG}/industries/artificial_intelligence/",
          lambda w: {"leader_zh": "市领导甲", "contact_zh": "", "work_note_zh": "测试"}, lambda u, w: p.can_edit_industry(u, w["ai"])),
    Route("3+5+3+1 矩阵格：修改状态", "post", lambda w: f"/support-items/{w['ai_item'].pk}/cell/",
          lambda w: {"status": "in_progress", "owner_zh": "市工信局", "evidence": "", "due_date": "", "note": ""}, lambda u, w: p.can_edit_support_item(u, w["ai_item"])),
    Route("区页：修改维护字段", "post", lambda w: f"/s/{SLUG}/districts/440106/",
          lambda w: {"contact_zh": "天河区发改局", "work_note_zh": "测试"}, lambda u, w: p.can_edit_district(u, w["tianhe"])),
    Route("目标页：填报实际值", "post", lambda w: f"/s/{SLUG}/targets/haizhu_llm_enterprises_2025/",
          lambda w: {"period_end": "2025-03-31", "period_kind": "month", "value": "3", "unit": "个", "note": ""}, lambda u, w: p.can_edit_target(u, w["haizhu_target"])),
    Route("节点任务：修改进展", "post", lambda w: f"/s/{SLUG}/milestones/{w['haizhu_milestone'].code}/",
          lambda w: {"done": "on", "done_date": "2025-03-31", "evidence": "现场核实"}, lambda u, w: p.can_edit_milestone(u, w["haizhu_milestone"])),
    Route("企业：导入", "upload", lambda w: f"/s/{SLUG}/enterprises/import/",
          lambda w: {"file": _enterprise_file()}, _rows_of(p.can_import_enterprises, "tianhe")),
    Route("用地记录：导入", "upload", lambda w: f"/s/{SLUG}/land/",
          lambda w: {"file": _csv("用地.csv", "地块编号*,地块名称,所在区*,所在园区,类别*,面积*,面积单位,状态*,日期*,备注", "GZ-9,丙地块,天河区,,新增工业用地,10,亩,已供应,2025-03-05,")},
          _rows_of(p.can_edit_places, "tianhe")),
    Route("载体记录：导入", "upload", lambda w: f"/s/{SLUG}/carriers/",
          lambda w: {"file": _csv("载体.csv", "载体编号*,载体名称*,所在区*,所在园区,类型*,建设方式,建筑面积*,面积单位,开工日期,建成日期,备注", "LW-9,丁载体,天河区,,科创载体,新建,5,万平方米,2025-02-01,,")},
          _rows_of(p.can_edit_places, "tianhe")),
    Route("项目：导入", "upload", lambda w: f"/s/{SLUG}/projects/",
          lambda w: {"file": _csv("项目.csv", "项目编号*,项目名称*,类型*,所在区*,产业,企业统一社会信用代码,所在园区,产业办,服务市领导,计划总投资（万元）,签约日期,供地日期,开工日期,投产日期,达产日期,备注", "P-9,示范项目,重点项目,黄埔区,智能网联与新能源汽车,,,,,3000,2025-01-01,,2025-02-01,,,")},
          _rows_of(p.can_edit_projects, "huangpu", "icv")),
    Route("招商清单：导入", "upload", lambda w: f"/s/{SLUG}/lists/leads/",
          lambda w: {"file": _csv("招商.csv", "目标企业*,阶段*,市内企业,企业统一社会信用代码,线索来源,预计投资（万元）,编号*,产业*,产业链环节,产业办,拟落地区,负责人,下一步工作,下一步日期,进入当前阶段日期,是否终止,成败原因,备注", "甲公司,线索,否,,展会,5000,Z-9,智能网联与新能源汽车,,,南沙区,王五,电话沟通,,,,,")},
          _rows_of(p.can_edit_lists, "nansha", "icv")),
    Route("项目投资：导入", "upload", lambda w: f"/s/{SLUG}/projects/investments/",
          lambda w: {"file": _csv("投资.csv", "项目编号*,年*,月*,计划投资（万元）,完成投资（万元）", "S00-P01,2025,3,500,450")},
          lambda u, w: p.can_edit_projects(u), writes=False),
    Route("亩均评价：运行", "post", lambda w: f"/s/{SLUG}/per-mu/evaluate/", lambda w: {"rule_set": "none", "year": "2024"},
          lambda u, w: p.can_evaluate_per_mu(u), writes=False),
    Route("接口：导入用地记录", "upload", lambda w: "/api/v1/land/import",
          lambda w: {"file": _csv("用地.csv", "地块编号*,地块名称,所在区*,所在园区,类别*,面积*,面积单位,状态*,日期*,备注", "GZ-8,戊地块,天河区,,新增工业用地,10,亩,已供应,2025-03-05,")},
          _rows_of(p.can_edit_places, "tianhe")),
    Route("接口：导入载体记录", "upload", lambda w: "/api/v1/carriers/import",
          lambda w: {"file": _csv("载体.csv", "载体编号*,载体名称*,所在区*,所在园区,类型*,建设方式,建筑面积*,面积单位,开工日期,建成日期,备注", "LW-8,己载体,天河区,,科创载体,新建,5,万平方米,2025-02-01,,")},
          _rows_of(p.can_edit_places, "tianhe")),
    Route("接口：导入项目", "upload", lambda w: "/api/v1/projects/import",
          lambda w: {"file": _csv("项目.csv", "项目编号*,项目名称*,类型*,所在区*,产业,企业统一社会信用代码,所在园区,产业办,服务市领导,计划总投资（万元）,签约日期,供地日期,开工日期,投产日期,达产日期,备注", "P-8,接口项目,重点项目,黄埔区,,,,,,,2025-01-01,,,,,")},
          _rows_of(p.can_edit_projects, "huangpu")),
    Route("接口：导入项目投资", "upload", lambda w: "/api/v1/project-investments/import",
          lambda w: {"file": _csv("投资.csv", "项目编号*,年*,月*,计划投资（万元）,完成投资（万元）", "S00-P01,2025,3,500,450")},
          lambda u, w: p.can_edit_projects(u), writes=False),
    Route("接口：导入招商清单", "upload", lambda w: "/api/v1/lists/leads/import",
          lambda w: {"file": _csv("招商.csv", "目标企业*,阶段*,市内企业,企业统一社会信用代码,线索来源,预计投资（万元）,编号*,产业*,产业链环节,产业办,拟落地区,负责人,下一步工作,下一步日期,进入当前阶段日期,是否终止,成败原因,备注", "乙公司,线索,否,,展会,5000,Z-8,智能网联与新能源汽车,,,南沙区,王五,电话沟通,,,,,")},
          _rows_of(p.can_edit_lists, "nansha", "icv")),
    Route("接口：线索转项目", "post_json", lambda w: "/api/v1/lists/leads/999999/convert", lambda w: {},
          lambda u, w: p.can_edit_lists(u), writes=False),
    Route("接口：亩均评价", "post_json", lambda w: "/api/v1/per-mu/runs", lambda w: {"rule_set": "none", "year": 2024},
          lambda u, w: p.can_evaluate_per_mu(u), writes=False),
    Route("接口：修改产业", "patch_json", lambda w: "/api/v1/industries/artificial_intelligence",
          lambda w: {"work_note_zh": "接口测试"}, lambda u, w: p.can_edit_industry(u, w["ai"])),
    Route("接口：修改配套事项", "patch_json", lambda w: f"/api/v1/support-items/{w['ai_item'].pk}",
          lambda w: {"status": "in_progress"}, lambda u, w: p.can_edit_support_item(u, w["ai_item"])),
    Route("接口：修改区", "patch_json", lambda w: "/api/v1/districts/440106",
          lambda w: {"work_note_zh": "接口测试"}, lambda u, w: p.can_edit_district(u, w["tianhe"])),
    Route("接口：填报实际值", "post_json", lambda w: "/api/v1/targets/haizhu_llm_enterprises_2025/observations",
          lambda w: {"period_end": "2025-03-31", "value": "3"}, lambda u, w: p.can_edit_target(u, w["haizhu_target"])),
    Route("接口：修改节点任务", "patch_json", lambda w: f"/api/v1/milestones/{w['haizhu_milestone'].code}",
          lambda w: {"done": True, "done_date": "2025-03-31", "evidence": "接口测试"}, lambda u, w: p.can_edit_milestone(u, w["haizhu_milestone"])),
]  # fmt: skip


def _send(client, route: Route, world):
    import json

    path, body = route.path(world), route.body(world)
    if route.method == "post_json":
        return client.post(path, data=json.dumps(body), content_type="application/json")
    if route.method == "patch_json":
        return client.patch(path, data=json.dumps(body), content_type="application/json")
    return client.post(path, body)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_each_write_route_does_what_the_permissions_module_decides(world, route, persona, client_as):
    user = world["people"][persona]
    allowed = route.decision(user, world)
    before = history_total()

    response = _send(client_as(user), route, world)

    if allowed == "row":
        if response.status_code == 302:  # the enterprise import shows its batch
            from chanye.enterprises.models import ImportBatch

            batch = ImportBatch.objects.latest("pk")
            assert batch.status == "failed" and "只能导入本区" in batch.errors[0]["message"]
        else:
            assert response.status_code == 422, response.content.decode()[:500]
        assert history_total() == before
    elif allowed:
        assert response.status_code != 403, response.content.decode()[:500]
        if route.writes:
            assert history_total() > before, response.content.decode()[:500]
    else:
        assert response.status_code == 403
        assert history_total() == before


def test_the_routes_cover_every_page_and_api_write(world):
    """A new write route must join the table above: the API's writing operations are listed here."""
    from chanye.site.api import api

    schema = api.get_openapi_schema()
    writes = {
        (method, path)
        for path, ops in schema["paths"].items()
        for method in ops
        if method in ("post", "patch", "put", "delete")
    }
    covered = {("patch", "/api/v1/industries/{slug}"), ("patch", "/api/v1/support-items/{item_id}"), ("patch", "/api/v1/districts/{code}"),
               ("post", "/api/v1/targets/{code}/observations"), ("patch", "/api/v1/milestones/{code}"), ("post", "/api/v1/land/import"),
               ("post", "/api/v1/carriers/import"), ("post", "/api/v1/projects/import"), ("post", "/api/v1/project-investments/import"),
               ("post", "/api/v1/lists/{kind}/import"), ("post", "/api/v1/lists/leads/{lead_id}/convert"), ("post", "/api/v1/per-mu/runs")}  # fmt: skip
    sent = [r.path(world) for r in ROUTES]
    for _, pattern in covered:  # each API write is sent by at least one route of the table
        regex = re.compile("^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(pattern)) + "$")
        assert any(regex.match(path) for path in sent), pattern
    assert writes == covered
