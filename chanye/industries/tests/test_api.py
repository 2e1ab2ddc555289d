"""API v1: the system, industries and support items — reads, bounds, the error shape, and role-scoped writes."""

import json
from collections import Counter

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from chanye.core.history import SOURCE_CLI
from chanye.core.tests.utils import assert_status, history_marks, history_since, history_total
from chanye.industries.models import Industry, SupportItem
from chanye.systems.definition import read_definition
from chanye.systems.services import system_load

NOT_LOGGED_IN = {
    "ok": False,
    "error": "未登录或登录已过期。请先登录。",
    "errors": ["未登录或登录已过期。请先登录。"],
    "status": 401,
}

PENDING_FUTURE_INDUSTRY = {
    "slug": "future_tbd_6",
    "name_zh": "第6个未来产业（待确认）",
    "name_en": "Sixth future industry (to be confirmed)",
    "group": "future",
    "group_name_zh": "未来产业",
    "office": None,
    "status": "pending",
    "pending": True,
    "confidence": "unverified",
    "sources": [],
    "candidates_zh": ["量子科技", "未来网络", "商业航天", "深海/海洋", "脑机接口"],
    "sub_industries": [],
    "segments": [
        {"key": "basic_research", "name_zh": "基础研究与关键技术", "stage": "upstream", "order": 1,
         "description_zh": "通用占位环节（待确认具体产业后替换）：前沿基础研究与关键核心技术攻关"},
        {"key": "core_components", "name_zh": "核心部件与装备", "stage": "upstream", "order": 2,
         "description_zh": "通用占位环节（待确认具体产业后替换）：核心器件、材料与专用装备"},
        {"key": "products_integration", "name_zh": "产品与系统集成", "stage": "midstream", "order": 3,
         "description_zh": "通用占位环节（待确认具体产业后替换）：产品研制、系统集成与中试验证"},
        {"key": "applications_services", "name_zh": "应用场景与服务", "stage": "downstream", "order": 4,
         "description_zh": "通用占位环节（待确认具体产业后替换）：示范应用、场景开放与配套服务"},
    ],
    "leader_zh": "",
    "contact_zh": "",
    "work_note_zh": "",
}  # fmt: skip


def patch(client, path, body):
    return client.patch(path, data=json.dumps(body), content_type="application/json")


def error(status: int, *errors: str) -> dict:
    return {"ok": False, "error": "；".join(errors), "errors": list(errors), "status": status}


def support_item(system, industry: str, item: str = "plan") -> SupportItem:
    return SupportItem.objects.get(industry__system=system, industry__slug=industry, item__key=item)


# ---------------------------------------------------------------- reads


def test_industries_lists_all_29_with_group_and_segments(system, viewer, client_as):
    response = client_as(viewer).get("/api/v1/industries")

    assert_status(response, 200)
    body = response.json()
    assert (body["count"], body["limit"], body["offset"], len(body["items"])) == (29, 100, 0, 29)
    assert Counter(i["group"] for i in body["items"]) == {
        "emerging_pillar": 6, "strategic_leading": 5, "characteristic_advantage": 4, "future": 6, "modern_service": 8,
    }  # fmt: skip
    assert all(len(i["segments"]) >= 4 for i in body["items"])
    assert [i["slug"] for i in body["items"]][:3] == ["icv_nev", "uhd_video_display", "biomed_health"]
    assert [i for i in body["items"] if i["slug"] == "future_tbd_6"] == [PENDING_FUTURE_INDUSTRY]


def test_industry_detail_returns_the_whole_industry(system, viewer, client_as):
    response = client_as(viewer).get("/api/v1/industries/future_tbd_6")

    assert_status(response, 200)
    assert response.json() == PENDING_FUTURE_INDUSTRY


def test_industry_detail_of_an_unknown_slug_is_404_in_the_error_shape(system, viewer, client_as):
    response = client_as(viewer).get("/api/v1/industries/nope")

    assert_status(response, 404)
    assert response.json() == error(404, "体系「广州市“12218”现代化产业体系」中没有产业「nope」。")


@pytest.mark.parametrize(
    "query, slugs",
    [
        (
            "group=future",
            [
                "embodied_ai",
                "cell_gene",
                "intelligent_unmanned_systems",
                "future_networks_quantum",
                "frontier_new_materials",
                "future_tbd_6",
            ],
        ),
        ("office=office_display_ic", ["uhd_video_display", "semiconductors_ic"]),
        ("status=pending", ["future_tbd_6", "svc_tbd_8"]),
        (
            "group=future&status=confirmed",
            [
                "embodied_ai",
                "cell_gene",
                "intelligent_unmanned_systems",
                "future_networks_quantum",
                "frontier_new_materials",
            ],
        ),
    ],
)
def test_industries_filters(system, viewer, client_as, query, slugs):
    response = client_as(viewer).get(f"/api/v1/industries?{query}")

    assert_status(response, 200)
    assert response.json()["count"] == len(slugs)
    assert [i["slug"] for i in response.json()["items"]] == slugs


def test_industries_pagination_returns_the_requested_window(system, viewer, client_as):
    response = client_as(viewer).get("/api/v1/industries?limit=10&offset=20")

    assert_status(response, 200)
    body = response.json()
    assert (body["count"], body["limit"], body["offset"]) == (29, 10, 20)
    assert [i["slug"] for i in body["items"]] == list(
        Industry.objects.filter(system=system).order_by("order").values_list("slug", flat=True)[20:]
    )


def test_industries_page_size_at_the_maximum_is_allowed(system, viewer, client_as):
    response = client_as(viewer).get(f"/api/v1/industries?limit={settings.API_MAX_PAGE_SIZE}")

    assert_status(response, 200)
    assert response.json()["limit"] == settings.API_MAX_PAGE_SIZE


@pytest.mark.parametrize(
    "query, message",
    [
        ("limit=0", "limit：该值太小：应不小于 1。"),
        (
            f"limit={settings.API_MAX_PAGE_SIZE + 1}",
            f"limit：该值太大：应不大于 {settings.API_MAX_PAGE_SIZE}。",
        ),
        ("offset=-1", "offset：该值太小：应不小于 0。"),
        ("limit=abc", "limit：该值不是有效数字。"),
        ("status=unknown", "status：该值不是允许的取值。可选：（空）、confirmed、pending。"),
    ],
)
def test_industries_out_of_bounds_queries_are_422_in_the_error_shape(
    system, viewer, client_as, query, message
):
    response = client_as(viewer).get(f"/api/v1/industries?{query}")

    assert_status(response, 422)
    assert response.json() == error(422, message)


def test_unknown_system_is_404_in_the_error_shape(system, viewer, client_as):
    response = client_as(viewer).get("/api/v1/industries?system=nope")

    assert_status(response, 404)
    assert response.json() == error(404, "找不到体系「nope」。")


def test_api_without_any_system_loaded_says_how_to_load_one(empty_db, viewer, client_as):
    response = client_as(viewer).get("/api/v1/industries")

    assert_status(response, 404)
    assert response.json() == error(
        404, "尚未载入任何产业体系。请运行 chanye init 或 chanye system load 文件。"
    )


def test_system_returns_the_counts(system, viewer, client_as):
    response = client_as(viewer).get("/api/v1/system")

    assert_status(response, 200)
    body = response.json()
    assert (body["slug"], body["code"], body["city_code"], body["as_of"]) == (
        "guangzhou-12218",
        "12218",
        "440100",
        "2025-02-06",
    )
    assert body["counts"] == {
        "industries": 29,
        "industries_confirmed": 27,
        "industries_pending": 2,
        "groups": 5,
        "measures": 4,
        "directions": 2,
        "mechanisms": 5,
        "offices": 5,
        "districts": 11,
        "segments": 174,
        "support_items": 348,
        "support_items_done": 0,
        "support_items_in_progress": 0,
    }
    assert [(g["key"], len(g["industries"])) for g in body["groups"]] == [
        ("emerging_pillar", 6), ("strategic_leading", 5), ("characteristic_advantage", 4), ("future", 6), ("modern_service", 8),
    ]  # fmt: skip
    assert body["offices"][3]["industries"] == ["uhd_video_display", "semiconductors_ic"]
    assert len(body["support_package"]) == 12
    assert [e["name_zh"] for e in body["elements"] if e["kind"] == "direction"] == ["两业融合", "两化转型"]
    assert [e["parts"] for e in body["elements"] if e["kind"] == "direction"] == [
        ["制造业", "服务业"],
        ["数智化", "绿色化"],
    ]


def test_systems_lists_every_loaded_system(system, cli, viewer, client_as):
    from chanye.systems.tests.test_load import DEMO_FILE

    system_load(definition=read_definition(DEMO_FILE), user=cli, source=SOURCE_CLI)

    response = client_as(viewer).get("/api/v1/systems")

    assert_status(response, 200)
    assert [s["slug"] for s in response.json()] == ["demo-city", "guangzhou-12218"]
    # The default system stays Guangzhou; the other one is reached by name.
    assert client_as(viewer).get("/api/v1/industries").json()["count"] == 29
    assert client_as(viewer).get("/api/v1/industries?system=demo-city").json()["count"] == 3


@pytest.mark.parametrize(
    "query, count",
    [
        ("", 348),
        ("industry=artificial_intelligence", 12),
        ("item=plan", 29),
        ("group=future", 6 * 12),
        ("office=office_ai", 12),
        ("office=office_display_ic&item=policy", 2),
        ("status=not_started", 348),
        ("status=done", 0),
    ],
)
def test_support_items_filters(system, viewer, client_as, query, count):
    response = client_as(viewer).get(f"/api/v1/support-items?{query}&limit=500")

    assert_status(response, 200)
    assert response.json()["count"] == count
    assert len(response.json()["items"]) == count


def test_support_items_of_one_industry_come_in_package_order(system, viewer, client_as):
    response = client_as(viewer).get("/api/v1/support-items?industry=artificial_intelligence")

    items = response.json()["items"]
    assert [i["item"] for i in items] == [
        "plan", "policy", "division_of_work", "parks", "technology", "talent", "funds", "think_tanks",
        "investment_attraction_list", "tech_transfer_list", "expansion_list", "periodic_evaluation",
    ]  # fmt: skip
    assert items[0] == {
        "id": support_item(system, "artificial_intelligence").pk,
        "industry": "artificial_intelligence",
        "industry_name_zh": "人工智能",
        "item": "plan",
        "item_name_zh": "规划",
        "category": "3个文件",
        "status": "not_started",
        "status_display": "未启动",
        "owner_zh": "",
        "evidence": "",
        "due_date": None,
        "note": "",
    }


def test_support_items_status_filter_finds_an_updated_item(system, city_editor, client_as):
    item = support_item(system, "biomed_health", "talent")
    assert_status(patch(client_as(city_editor), f"/api/v1/support-items/{item.pk}", {"status": "done"}), 200)

    response = client_as(city_editor).get("/api/v1/support-items?status=done")

    assert [(i["id"], i["status_display"]) for i in response.json()["items"]] == [(item.pk, "已完成")]
    assert client_as(city_editor).get("/api/v1/system").json()["counts"]["support_items_done"] == 1


def test_support_items_bad_status_filter_is_422(system, viewer, client_as):
    response = client_as(viewer).get("/api/v1/support-items?status=finished")

    assert_status(response, 422)
    assert response.json()["status"] == 422 and response.json()["ok"] is False


def test_unknown_support_item_is_404(system, viewer, client_as):
    missing = SupportItem.objects.order_by("-pk").first().pk + 1000

    response = client_as(viewer).get(f"/api/v1/support-items/{missing}")

    assert_status(response, 404)
    assert response.json() == error(404, f"找不到配套事项 {missing}。")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/system",
        "/api/v1/systems",
        "/api/v1/industries",
        "/api/v1/industries/icv_nev",
        "/api/v1/support-items",
        "/api/v1/districts",
    ],
)
def test_reads_without_login_are_401_in_the_error_shape(system, path):
    response = Client().get(path)

    assert_status(response, 401)
    assert response.json() == NOT_LOGGED_IN


def test_writes_without_login_are_401_and_change_nothing(system):
    item = support_item(system, "artificial_intelligence")
    history_before = history_total()

    responses = [
        patch(Client(), "/api/v1/industries/artificial_intelligence", {"contact_zh": "某人"}),
        patch(Client(), f"/api/v1/support-items/{item.pk}", {"status": "done"}),
    ]

    assert [r.status_code for r in responses] == [401, 401]
    assert all(r.json() == NOT_LOGGED_IN for r in responses)
    assert Industry.objects.get(system=system, slug="artificial_intelligence").contact_zh == ""
    assert support_item(system, "artificial_intelligence").status == "not_started"
    assert history_total() == history_before


def test_session_write_without_a_csrf_token_is_403_and_changes_nothing(system, city_editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(city_editor, backend="django.contrib.auth.backends.ModelBackend")
    history_before = history_total()

    response = patch(client, "/api/v1/industries/icv_nev", {"contact_zh": "张三"})

    assert_status(response, 403)
    assert response.json() == error(
        403, "CSRF 校验失败：请从页面重新提交，或在请求头 X-CSRFToken 中带上 csrftoken。"
    )
    assert Industry.objects.get(system=system, slug="icv_nev").contact_zh == ""
    assert history_total() == history_before


def test_session_write_with_the_csrf_token_succeeds(system, city_editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(city_editor, backend="django.contrib.auth.backends.ModelBackend")
    token = "a" * 32  # any well-formed secret: the cookie and the header must match
    client.cookies["csrftoken"] = token

    response = client.patch(
        "/api/v1/industries/icv_nev",
        data=json.dumps({"contact_zh": "张三"}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )

    assert_status(response, 200)
    assert Industry.objects.get(system=system, slug="icv_nev").contact_zh == "张三"


@pytest.mark.parametrize("path", ["/api/v1/industries", "/api/v1/support-items", "/api/v1/districts"])
def test_list_endpoints_do_not_query_once_per_row(system, viewer, client_as, path):
    client = client_as(viewer)
    client.get(f"{path}?limit=1")  # warm the session and the default-system lookup

    with CaptureQueriesContext(connection) as one:
        small = client.get(f"{path}?limit=1")
    with CaptureQueriesContext(connection) as many:
        large = client.get(f"{path}?limit=100")

    assert_status(small, 200)
    assert len(large.json()["items"]) > 10
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]


def test_openapi_schema_is_public_and_lists_the_write_routes(db):
    response = Client().get("/api/v1/openapi.json")

    assert_status(response, 200)
    paths = response.json()["paths"]
    assert "patch" in paths["/api/v1/industries/{slug}"]
    assert "patch" in paths["/api/v1/support-items/{item_id}"]
    assert "patch" in paths["/api/v1/districts/{code}"]


# ---------------------------------------------------------------- PATCH /api/v1/industries/{slug}


def assert_one_api_history_row(marks, obj, user, history_type="~"):
    rows = history_since(marks)
    assert [(type(r).__name__, r.id, r.history_type, r.history_user, r.source) for r in rows] == [
        (f"Historical{type(obj).__name__}", obj.pk, history_type, user, "api")
    ]
    return rows[0]


@pytest.mark.parametrize(
    "persona, slug",
    [("admin", "icv_nev"), ("city_editor", "icv_nev"), ("office_editor", "artificial_intelligence")],
)
def test_industry_patch_by_an_allowed_user_saves_and_records_one_history_row(
    system, client_as, request, persona, slug
):
    user = request.getfixturevalue(persona)
    client = client_as(user)
    marks = history_marks()

    response = patch(
        client, f"/api/v1/industries/{slug}", {"contact_zh": "张三 020-12345678", "leader_zh": "某市领导"}
    )

    assert_status(response, 200)
    assert (response.json()["slug"], response.json()["contact_zh"], response.json()["leader_zh"]) == (
        slug,
        "张三 020-12345678",
        "某市领导",
    )
    industry = Industry.objects.get(system=system, slug=slug)
    assert (industry.contact_zh, industry.leader_zh, industry.work_note_zh) == (
        "张三 020-12345678",
        "某市领导",
        "",
    )
    row = assert_one_api_history_row(marks, industry, user)
    assert row.contact_zh == "张三 020-12345678"
    assert row.request_id


@pytest.mark.parametrize(
    "persona, slug, name_zh",
    [
        ("viewer", "artificial_intelligence", "人工智能"),
        ("office_editor", "icv_nev", "智能网联与新能源汽车"),  # another office's industry
        (
            "tianhe_editor",
            "software_internet",
            "软件与互联网",
        ),  # a Tianhe priority, still not a district's to edit
        ("haizhu_editor", "artificial_intelligence", "人工智能"),
    ],
)
def test_industry_patch_by_a_user_without_the_right_is_403_and_changes_nothing(
    system, client_as, request, persona, slug, name_zh
):
    client = client_as(request.getfixturevalue(persona))
    history_before = history_total()

    response = patch(client, f"/api/v1/industries/{slug}", {"contact_zh": "不该写入"})

    assert_status(response, 403)
    assert response.json() == error(
        403, f"无权修改产业「{name_zh}」：只有市级编辑或负责该产业的产业办编辑可以修改。"
    )
    assert Industry.objects.get(system=system, slug=slug).contact_zh == ""
    assert history_total() == history_before


def test_industry_patch_with_the_same_values_writes_no_history(system, city_editor, client_as):
    client = client_as(city_editor)
    assert_status(patch(client, "/api/v1/industries/icv_nev", {"contact_zh": "张三"}), 200)
    history_before = history_total()

    response = patch(client, "/api/v1/industries/icv_nev", {"contact_zh": "张三"})

    assert_status(response, 200)
    assert response.json()["contact_zh"] == "张三"
    assert history_total() == history_before


def test_industry_patch_null_clears_the_field(system, city_editor, client_as):
    client = client_as(city_editor)
    assert_status(patch(client, "/api/v1/industries/icv_nev", {"work_note_zh": "待办"}), 200)

    response = patch(client, "/api/v1/industries/icv_nev", {"work_note_zh": None})

    assert_status(response, 200)
    assert Industry.objects.get(system=system, slug="icv_nev").work_note_zh == ""


@pytest.mark.parametrize(
    "body, message",
    [
        ({"contact": "张三"}, "contact：不认识的字段，不能修改。请对照接口文档（/api/v1/docs）检查字段名。"),
        (
            {"name_zh": "改名"},
            "name_zh：不认识的字段，不能修改。请对照接口文档（/api/v1/docs）检查字段名。",
        ),  # definition fields are not writable
        ({"leader_zh": "长" * 61}, "leader_zh：太长：最多 60 个字符。"),
        ([{"contact_zh": "张三"}], "请求体应为 JSON 对象。"),
        ("张三", "请求体应为 JSON 对象。"),
        (42, "请求体应为 JSON 对象。"),
    ],
)
def test_industry_patch_with_an_invalid_body_is_422_and_changes_nothing(
    system, city_editor, client_as, body, message
):
    history_before = history_total()

    response = patch(client_as(city_editor), "/api/v1/industries/icv_nev", body)

    assert_status(response, 422)
    assert response.json() == error(422, message)
    industry = Industry.objects.get(system=system, slug="icv_nev")
    assert (industry.name_zh, industry.contact_zh, industry.leader_zh) == ("智能网联与新能源汽车", "", "")
    assert history_total() == history_before


def test_industry_patch_with_malformed_json_is_400_in_the_error_shape(system, city_editor, client_as):
    response = client_as(city_editor).patch(
        "/api/v1/industries/icv_nev", data="{not json", content_type="application/json"
    )

    assert_status(response, 400)
    assert response.json()["ok"] is False and response.json()["status"] == 400


def test_industry_patch_of_an_unknown_slug_is_404(system, city_editor, client_as):
    response = patch(client_as(city_editor), "/api/v1/industries/nope", {"contact_zh": "张三"})

    assert_status(response, 404)
    assert response.json() == error(404, "体系「广州市“12218”现代化产业体系」中没有产业「nope」。")


# ---------------------------------------------------------------- PATCH /api/v1/support-items/{id}


@pytest.mark.parametrize(
    "persona, industry",
    [("admin", "icv_nev"), ("city_editor", "svc_tbd_8"), ("office_editor", "artificial_intelligence")],
)
def test_support_item_patch_by_an_allowed_user_saves_and_records_one_history_row(
    system, client_as, request, persona, industry
):
    user = request.getfixturevalue(persona)
    item = support_item(system, industry, "investment_attraction_list")
    marks = history_marks()

    response = patch(
        client_as(user),
        f"/api/v1/support-items/{item.pk}",
        {
            "status": "in_progress",
            "owner_zh": "市商务局",
            "evidence": "https://example.org/list.pdf",
            "due_date": "2025-12-31",
            "note": "第一批",
        },
    )

    assert_status(response, 200)
    assert response.json() == {
        "id": item.pk,
        "industry": industry,
        "industry_name_zh": item.industry.name_zh,
        "item": "investment_attraction_list",
        "item_name_zh": "招商清单",
        "category": "3张清单",
        "status": "in_progress",
        "status_display": "编制中",
        "owner_zh": "市商务局",
        "evidence": "https://example.org/list.pdf",
        "due_date": "2025-12-31",
        "note": "第一批",
    }
    item.refresh_from_db()
    assert (item.status, item.owner_zh, str(item.due_date)) == ("in_progress", "市商务局", "2025-12-31")
    row = assert_one_api_history_row(marks, item, user)
    assert row.status == "in_progress"


@pytest.mark.parametrize(
    "persona, industry, name",
    [
        ("viewer", "artificial_intelligence", "人工智能 · 规划"),
        ("office_editor", "biomed_health", "生物医药与健康 · 规划"),  # not the AI office's industry
        ("office_editor", "future_tbd_6", "第6个未来产业（待确认） · 规划"),  # an industry without an office
        ("tianhe_editor", "software_internet", "软件与互联网 · 规划"),
        ("haizhu_editor", "artificial_intelligence", "人工智能 · 规划"),
    ],
)
def test_support_item_patch_by_a_user_without_the_right_is_403_and_changes_nothing(
    system, client_as, request, persona, industry, name
):
    item = support_item(system, industry)
    client = client_as(request.getfixturevalue(persona))
    history_before = history_total()

    response = patch(client, f"/api/v1/support-items/{item.pk}", {"status": "done"})

    assert_status(response, 403)
    assert response.json() == error(
        403, f"无权修改「{name}」：只有市级编辑或负责该产业的产业办编辑可以修改。"
    )
    item.refresh_from_db()
    assert item.status == "not_started"
    assert history_total() == history_before


@pytest.mark.parametrize(
    "body, message",
    [
        ({"state": "done"}, "state：不认识的字段，不能修改。请对照接口文档（/api/v1/docs）检查字段名。"),
        ({"status": "finished"}, "status：该值不是允许的取值。可选：not_started、in_progress、done。"),
        (
            {"due_date": "2025-02-30"},
            "due_date：该值不是有效日期。请写成 YYYY-MM-DD，如 2025-02-06。",
        ),
        ({"evidence": "x" * 501}, "evidence：太长：最多 500 个字符。"),
        (["done"], "请求体应为 JSON 对象。"),
        (None, "请求体应为 JSON 对象。"),
    ],
)
def test_support_item_patch_with_an_invalid_body_is_422_and_changes_nothing(
    system, city_editor, client_as, body, message
):
    item = support_item(system, "artificial_intelligence")
    history_before = history_total()

    response = patch(client_as(city_editor), f"/api/v1/support-items/{item.pk}", body)

    assert_status(response, 422)
    assert response.json() == error(422, message)
    item.refresh_from_db()
    assert (item.status, item.evidence, item.due_date) == ("not_started", "", None)
    assert history_total() == history_before


def test_support_item_patch_with_null_status_keeps_the_status(system, city_editor, client_as):
    item = support_item(system, "artificial_intelligence")
    client = client_as(city_editor)
    assert_status(patch(client, f"/api/v1/support-items/{item.pk}", {"status": "done"}), 200)

    response = patch(client, f"/api/v1/support-items/{item.pk}", {"status": None, "note": "已印发"})

    assert_status(response, 200)
    item.refresh_from_db()
    assert (item.status, item.note) == ("done", "已印发")


def test_support_item_patch_of_an_unknown_id_is_404(system, city_editor, client_as):
    missing = SupportItem.objects.order_by("-pk").first().pk + 1000

    response = patch(client_as(city_editor), f"/api/v1/support-items/{missing}", {"status": "done"})

    assert_status(response, 404)
    assert response.json() == error(404, f"找不到配套事项 {missing}。")
