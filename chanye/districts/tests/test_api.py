"""API v1: districts — the list with priority industries, and writes scoped to a district editor's own district."""

import json

import pytest
from django.test import Client

from chanye.core.tests.utils import assert_status, history_marks, history_since, history_total
from chanye.districts.models import District

TIANHE_PRIORITIES = [
    "software_internet", "artificial_intelligence", "icv_nev", "biomed_health", "fashion_consumer_goods",
    "low_altitude_aerospace", "smart_equipment_robotics", "smart_construction", "future_networks_quantum",
    "frontier_new_materials", "embodied_ai", "intelligent_unmanned_systems", "svc_modern_finance", "svc_tech_services",
    "svc_professional_services", "svc_modern_commerce", "svc_cultural_creative", "svc_tourism_leisure",
]  # fmt: skip

# Nansha as the API returns it (layout_zh is checked on its own: the text is long).
NANSHA = {
    "code": "440115",
    "slug": "nansha",
    "name_zh": "南沙区",
    "name_en": "Nansha District",
    "area_km2": "783.86",
    "priority_industries": [
        {
            "slug": "icv_nev",
            "name_zh": "智能网联与新能源汽车",
            "role_zh": "推动汽车产业向智能网联、新能源转型；争取引进新能源整车项目",
            "confidence": "high",
            "sources": ["S00"],
        }
    ],
    "named_systems": ["“五港联动”", "先进制造业和生产性服务业的全面展开", "镇街扩权赋能改革"],
    "contact_zh": "",
    "work_note_zh": "",
}


def patch(client, path, body):
    return client.patch(path, data=json.dumps(body), content_type="application/json")


def error(status: int, *errors: str) -> dict:
    return {"ok": False, "error": "；".join(errors), "errors": list(errors), "status": status}


# ---------------------------------------------------------------- reads


def test_districts_lists_the_11_districts_with_their_priority_industries(system, viewer, client_as):
    response = client_as(viewer).get("/api/v1/districts")

    assert_status(response, 200)
    body = response.json()
    assert (body["count"], len(body["items"])) == (11, 11)
    assert [d["name_zh"] for d in body["items"]] == [
        "越秀区", "海珠区", "荔湾区", "天河区", "白云区", "黄埔区", "番禺区", "花都区", "南沙区", "从化区", "增城区",
    ]  # fmt: skip
    tianhe = next(d for d in body["items"] if d["code"] == "440106")
    assert [p["slug"] for p in tianhe["priority_industries"]] == TIANHE_PRIORITIES
    assert tianhe["named_systems"] == ["“12126”现代化产业体系"]
    assert all(d["priority_industries"] for d in body["items"])
    assert sum(len(d["priority_industries"]) for d in body["items"]) == 68


def test_district_detail_returns_the_whole_district(system, viewer, client_as):
    response = client_as(viewer).get("/api/v1/districts/440115")

    assert_status(response, 200)
    body = response.json()
    assert body.pop("layout_zh").startswith(
        "以先进制造业和生产性服务业的全面展开为核心，推进海港、空港、数港、金融港、人才港“五港联动”"
    )
    assert body == NANSHA


def test_district_detail_of_an_unknown_code_is_404_in_the_error_shape(system, viewer, client_as):
    response = client_as(viewer).get("/api/v1/districts/440199")

    assert_status(response, 404)
    assert response.json() == error(404, "体系「广州市“12218”现代化产业体系」中没有代码为「440199」的区。")


def test_districts_pagination_is_bounded(system, viewer, client_as):
    client = client_as(viewer)

    window = client.get("/api/v1/districts?limit=3&offset=9")
    too_small = client.get("/api/v1/districts?limit=0")
    too_big = client.get("/api/v1/districts?limit=100000")

    assert_status(window, 200)
    assert [d["code"] for d in window.json()["items"]] == ["440117", "440118"]
    assert [too_small.status_code, too_big.status_code] == [422, 422]
    assert too_small.json()["ok"] is False and too_small.json()["status"] == 422
    assert too_big.json()["errors"][0].startswith("limit：")


def test_districts_without_login_is_401(system):
    response = Client().get("/api/v1/districts/440106")

    assert_status(response, 401)
    assert response.json() == error(401, "未登录或登录已过期。请先登录。")


# ---------------------------------------------------------------- PATCH /api/v1/districts/{code}


@pytest.mark.parametrize(
    "persona, code",
    [
        ("tianhe_editor", "440106"),
        ("haizhu_editor", "440105"),
        ("city_editor", "440105"),
        ("admin", "440118"),
    ],
)
def test_district_patch_by_an_allowed_user_saves_and_records_one_history_row(
    system, client_as, request, persona, code
):
    user = request.getfixturevalue(persona)
    client = client_as(user)
    marks = history_marks()

    response = patch(
        client, f"/api/v1/districts/{code}", {"contact_zh": "区工信局 李四", "work_note_zh": "季度例会"}
    )

    assert_status(response, 200)
    assert (response.json()["code"], response.json()["contact_zh"], response.json()["work_note_zh"]) == (
        code,
        "区工信局 李四",
        "季度例会",
    )
    district = District.objects.get(system=system, code=code)
    assert (district.contact_zh, district.work_note_zh) == ("区工信局 李四", "季度例会")
    rows = history_since(marks)
    assert [(type(r).__name__, r.id, r.history_type, r.history_user, r.source) for r in rows] == [
        ("HistoricalDistrict", district.pk, "~", user, "api")
    ]


@pytest.mark.parametrize(
    "persona, code, name_zh",
    [
        ("viewer", "440106", "天河区"),
        ("tianhe_editor", "440105", "海珠区"),  # another district
        ("haizhu_editor", "440106", "天河区"),
        ("office_editor", "440106", "天河区"),
    ],
)
def test_district_patch_by_a_user_without_the_right_is_403_and_changes_nothing(
    system, client_as, request, persona, code, name_zh
):
    client = client_as(request.getfixturevalue(persona))
    history_before = history_total()

    response = patch(client, f"/api/v1/districts/{code}", {"contact_zh": "不该写入"})

    assert_status(response, 403)
    assert response.json() == error(403, f"无权修改「{name_zh}」的数据：区级编辑只能修改本区数据。")
    assert District.objects.get(system=system, code=code).contact_zh == ""
    assert history_total() == history_before


@pytest.mark.parametrize(
    "body, message",
    [
        ({"contact": "李四"}, "contact：不认识的字段，不能修改。请对照接口文档（/api/v1/docs）检查字段名。"),
        (
            {"layout_zh": "改写布局"},
            "layout_zh：不认识的字段，不能修改。请对照接口文档（/api/v1/docs）检查字段名。",
        ),  # definition fields are not writable
        (
            {"code": "440105"},
            "code：不认识的字段，不能修改。请对照接口文档（/api/v1/docs）检查字段名。",
        ),  # cannot move itself to another district
        ({"contact_zh": "李" * 101}, "contact_zh：太长：最多 100 个字符。"),
        (["李四"], "请求体应为 JSON 对象。"),
        ("李四", "请求体应为 JSON 对象。"),
    ],
)
def test_district_patch_with_an_invalid_body_is_422_and_changes_nothing(
    system, tianhe_editor, client_as, body, message
):
    client = client_as(tianhe_editor)
    history_before = history_total()

    response = patch(client, "/api/v1/districts/440106", body)

    assert_status(response, 422)
    assert response.json() == error(422, message)
    tianhe = District.objects.get(system=system, code="440106")
    assert (tianhe.contact_zh, tianhe.name_zh) == ("", "天河区")
    assert "12126" in tianhe.layout_zh
    assert history_total() == history_before


def test_district_patch_with_the_same_value_writes_no_history(system, tianhe_editor, client_as):
    client = client_as(tianhe_editor)
    assert_status(patch(client, "/api/v1/districts/440106", {"contact_zh": "李四"}), 200)
    history_before = history_total()

    response = patch(client, "/api/v1/districts/440106", {"contact_zh": "李四"})

    assert_status(response, 200)
    assert response.json()["contact_zh"] == "李四"
    assert history_total() == history_before


def test_district_patch_of_an_unknown_code_is_404(system, city_editor, client_as):
    response = patch(client_as(city_editor), "/api/v1/districts/440199", {"contact_zh": "李四"})

    assert_status(response, 404)
    assert response.json() == error(404, "体系「广州市“12218”现代化产业体系」中没有代码为「440199」的区。")
