"""Entering an actual value: POST /api/v1/targets/{code}/observations and the form on the target page."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.utils.html import escape

from chanye.core.tests.utils import assert_status, history_marks, history_since, history_total
from chanye.targets.models import Observation, Target

from .helpers import SLUG, error, post_json

TIANHE = "tianhe_innovation_carriers_3yr"  # 天河: 科创载体 > 800 万平方米, 2025–2027
HAIZHU = "haizhu_llm_filings_2025"  # 海珠: 备案大模型和算法 > 110 个
UNIT_MESSAGE = (
    "目标「新建或升级改造科创载体面积 > 800 万平方米（约 12,000 亩）」：单位「亿元」不能换算为「万平方米」："
    "两者量纲不同（例如面积不能换算为金额，% 不能换算为百分点）。"
)


def api_path(code: str) -> str:
    return f"/api/v1/targets/{code}/observations"


def page_path(code: str) -> str:
    return f"/s/{SLUG}/targets/{code}/"


# ---------------------------------------------------------------- API


def test_a_district_editor_enters_an_actual_for_their_district_in_another_unit(
    targets, tianhe_editor, client_as
):
    client = client_as(tianhe_editor)
    marks = history_marks()

    response = post_json(
        client,
        api_path(TIANHE),
        {"period_end": "2025-03-31", "value": "50000", "unit": "平方米", "note": "一季度"},
    )

    assert_status(response, 201)
    assert response.json() == {
        "period_end": "2025-03-31",
        "period_kind": "month",
        "value": "5.000000",  # the stored form, as GET returns it
        "value_as_entered": "50000.000000",
        "unit_as_entered": "平方米",
        "base_value": None,
        "origin": "manual",
        "entered_by": "tianhe_editor",
    }
    obs = Observation.objects.get(target__code=TIANHE)
    assert (obs.period_end, obs.value, obs.value_as_entered, obs.unit_as_entered, obs.origin, obs.entered_by, obs.note) == (
        date(2025, 3, 31), Decimal(5), Decimal(50000), "平方米", "manual", tianhe_editor, "一季度",
    )  # fmt: skip
    rows = history_since(marks)
    assert [(type(r).__name__, r.id, r.history_type, r.history_user, r.source) for r in rows] == [
        ("HistoricalObservation", obs.pk, "+", tianhe_editor, "api")
    ]


def test_an_actual_without_a_unit_is_in_the_indicator_unit(targets, tianhe_editor, client_as):
    response = post_json(
        client_as(tianhe_editor), api_path(TIANHE), {"period_end": "2025-03-31", "value": "12.5"}
    )

    assert_status(response, 201)
    assert (response.json()["value"], response.json()["unit_as_entered"]) == ("12.500000", "万平方米")
    assert Observation.objects.get(target__code=TIANHE).value == Decimal("12.5")


def test_an_actual_whose_conversion_has_many_decimals_is_kept_to_six_places(
    targets, tianhe_editor, client_as
):
    # 1 亩 = 10000/15 ㎡ = 0.0666… 万平方米: a valid entry, stored to the field's 6 decimal places.
    response = post_json(
        client_as(tianhe_editor), api_path(TIANHE), {"period_end": "2025-03-31", "value": "1", "unit": "亩"}
    )

    assert_status(response, 201)
    assert response.json()["value"] == "0.066667"
    assert Observation.objects.get(target__code=TIANHE).value == Decimal("0.066667")


def test_entering_the_same_period_again_replaces_the_actual_with_one_change_row(
    targets, tianhe_editor, client_as
):
    client = client_as(tianhe_editor)
    assert_status(post_json(client, api_path(TIANHE), {"period_end": "2025-03-31", "value": "5"}), 201)
    marks = history_marks()

    response = post_json(client, api_path(TIANHE), {"period_end": "2025-03-31", "value": "6"})

    assert_status(response, 201)
    assert list(Observation.objects.filter(target__code=TIANHE).values_list("value", flat=True)) == [
        Decimal(6)
    ]
    assert [(r.history_type, r.value, r.source) for r in history_since(marks)] == [("~", Decimal(6), "api")]


@pytest.mark.parametrize(
    "persona, code, name",
    [
        ("tianhe_editor", HAIZHU, "备案大模型和算法数量 > 110 个"),  # another district's target
        ("haizhu_editor", TIANHE, "新建或升级改造科创载体面积 > 800 万平方米（约 12,000 亩）"),
        ("viewer", TIANHE, "新建或升级改造科创载体面积 > 800 万平方米（约 12,000 亩）"),
        ("viewer", "city_tech_upgrade_projects", "实施技改项目数量 ≥ 1,000 个"),
        ("office_editor", HAIZHU, "备案大模型和算法数量 > 110 个"),
        ("tianhe_editor", "city_tech_upgrade_projects", "实施技改项目数量 ≥ 1,000 个"),  # a city target
    ],
)
def test_entering_an_actual_without_the_right_is_403_and_writes_nothing(
    targets, client_as, request, persona, code, name
):
    client = client_as(request.getfixturevalue(persona))
    history_before = history_total()

    response = post_json(client, api_path(code), {"period_end": "2025-03-31", "value": "1"})

    assert_status(response, 403)
    assert response.json() == error(
        403, f"无权填报目标「{name}」：区级编辑只能填报本区的目标，产业办编辑只能填报本办的目标。"
    )
    assert Observation.objects.count() == 0
    assert history_total() == history_before


@pytest.mark.parametrize("persona", ["city_editor", "admin", "haizhu_editor"])
def test_city_users_and_the_owning_district_may_enter_a_haizhu_actual(targets, client_as, request, persona):
    user = request.getfixturevalue(persona)

    response = post_json(client_as(user), api_path(HAIZHU), {"period_end": "2025-03-31", "value": "40"})

    assert_status(response, 201)
    assert response.json()["entered_by"] == persona
    assert Observation.objects.get(target__code=HAIZHU).value == Decimal(40)


def test_an_incompatible_unit_is_400_with_the_chinese_unit_message(targets, tianhe_editor, client_as):
    client = client_as(tianhe_editor)
    history_before = history_total()

    response = post_json(client, api_path(TIANHE), {"period_end": "2025-03-31", "value": "1", "unit": "亿元"})

    assert_status(response, 400)
    assert response.json() == error(400, UNIT_MESSAGE)
    assert Observation.objects.count() == 0
    assert history_total() == history_before


def test_an_unknown_unit_is_400(targets, tianhe_editor, client_as):
    response = post_json(
        client_as(tianhe_editor), api_path(TIANHE), {"period_end": "2025-03-31", "value": "1", "unit": "公顷"}
    )

    assert_status(response, 400)
    assert response.json()["errors"] == [
        "目标「新建或升级改造科创载体面积 > 800 万平方米（约 12,000 亩）」：不认识的单位「公顷」。"
        "可用：亩、万亩、平方公里、平方米（㎡）、万平方米（万㎡、万方）、元、万元、亿元、个、家、项、%、个百分点、人、万人。"
    ]
    assert Observation.objects.count() == 0


@pytest.mark.parametrize(
    "body, message",
    [
        (
            {"period_end": "2025-03-31", "value": "1", "units": "平方米"},
            "units：不认识的字段，不能修改。请对照接口文档（/api/v1/docs）检查字段名。",
        ),
        (
            {"period_end": "2025-03-31", "value": "1", "origin": "demo"},
            "origin：不认识的字段，不能修改。请对照接口文档（/api/v1/docs）检查字段名。",
        ),
        (["2025-03-31", "1"], "请求体应为 JSON 对象。"),
    ],
)
def test_an_unknown_field_is_422_and_writes_nothing(targets, tianhe_editor, client_as, body, message):
    client = client_as(tianhe_editor)
    history_before = history_total()

    response = post_json(client, api_path(TIANHE), body)

    assert_status(response, 422)
    assert response.json() == error(422, message)
    assert Observation.objects.count() == 0
    assert history_total() == history_before


def test_a_period_far_after_the_deadline_is_400(targets, tianhe_editor, client_as):
    response = post_json(
        client_as(tianhe_editor), api_path(TIANHE), {"period_end": "2029-03-31", "value": "1"}
    )

    assert_status(response, 400)
    assert response.json() == error(400, "截至日期 2029-03-31 远在期限 2027-12-31 之后，请检查年份。")
    assert Observation.objects.count() == 0


def test_an_unknown_target_is_404(targets, tianhe_editor, client_as):
    response = post_json(
        client_as(tianhe_editor), api_path("tianhe_nothing"), {"period_end": "2025-03-31", "value": "1"}
    )

    assert_status(response, 404)
    assert response.json() == error(404, "体系「广州市“12218”现代化产业体系」中没有目标「tianhe_nothing」。")


def test_entering_an_actual_without_login_is_401(targets):
    response = post_json(Client(), api_path(TIANHE), {"period_end": "2025-03-31", "value": "1"})

    assert_status(response, 401)
    assert Observation.objects.count() == 0


def test_the_observations_of_a_target_are_listed_in_period_order(targets, tianhe_editor, viewer, client_as):
    client = client_as(tianhe_editor)
    for period_end, value in [("2025-06-30", "8"), ("2025-03-31", "5")]:
        assert_status(post_json(client, api_path(TIANHE), {"period_end": period_end, "value": value}), 201)

    response = client_as(viewer).get(api_path(TIANHE))

    assert_status(response, 200)
    assert [(o["period_end"], o["value"], o["entered_by"]) for o in response.json()] == [
        ("2025-03-31", "5.000000", "tianhe_editor"),
        ("2025-06-30", "8.000000", "tianhe_editor"),
    ]


# ---------------------------------------------------------------- the form on the target page


def form(**overrides) -> dict:
    return {
        "action": "observation",
        "period_end": "2025-04-30",
        "period_kind": "month",
        "value": "20000",
        "unit": "平方米",
        "note": "",
        **overrides,
    }


def test_the_target_page_form_records_the_actual_with_source_web(targets, tianhe_editor, client_as):
    client = client_as(tianhe_editor)
    marks = history_marks()

    response = client.post(page_path(TIANHE), form())

    assert_status(response, 302)
    assert response["Location"] == page_path(TIANHE)
    obs = Observation.objects.get(target__code=TIANHE)
    assert (obs.period_end, obs.value, obs.value_as_entered, obs.unit_as_entered, obs.origin, obs.entered_by) == (
        date(2025, 4, 30), Decimal(2), Decimal(20000), "平方米", "manual", tianhe_editor,
    )  # fmt: skip
    assert [(type(r).__name__, r.history_type, r.history_user, r.source) for r in history_since(marks)] == [
        ("HistoricalObservation", "+", tianhe_editor, "web")
    ]


def test_the_target_page_form_with_an_incompatible_unit_shows_the_message_and_writes_nothing(
    targets, tianhe_editor, client_as
):
    client = client_as(tianhe_editor)
    history_before = history_total()

    response = client.post(page_path(TIANHE), form(unit="亿元"))

    assert_status(response, 200)
    assert escape(UNIT_MESSAGE) in response.content.decode()
    assert Observation.objects.count() == 0
    assert history_total() == history_before


@pytest.mark.parametrize(
    "persona, code, unit",
    [("tianhe_editor", HAIZHU, "个"), ("haizhu_editor", TIANHE, "平方米"), ("viewer", TIANHE, "平方米")],
)
def test_posting_to_another_districts_target_page_is_403_and_writes_nothing(
    targets, client_as, request, persona, code, unit
):
    client = client_as(request.getfixturevalue(persona))
    history_before = history_total()

    response = client.post(page_path(code), form(unit=unit, value="3"))

    assert_status(response, 403)
    assert Observation.objects.count() == 0
    assert history_total() == history_before


def test_the_target_page_offers_the_form_only_to_those_who_may_enter(
    targets, tianhe_editor, haizhu_editor, client_as
):
    own = client_as(tianhe_editor).get(page_path(TIANHE))
    other = client_as(haizhu_editor).get(page_path(TIANHE))

    assert_status(own, 200)
    assert_status(other, 200)
    form_marker = '<input type="hidden" name="action" value="observation">'
    assert (form_marker in own.content.decode(), form_marker in other.content.decode()) == (True, False)
    assert "未来3年,天河区再新建或升级改造科创载体超800万平方米" in other.content.decode()


def test_a_value_entered_through_one_target_shows_on_every_target_of_its_indicator_and_owner(
    system, targets, city_editor, client_as
):
    """The budget-share pair: +1 个百分点 a year to 2030, and ≥ 20 % by 2030, measure one series."""
    from chanye.targets.selectors import evaluate_target, target_queryset
    from chanye.targets.services import observation_record

    yearly = Target.objects.get(code="city_budget_industry_share_annual_increase")
    goal = Target.objects.get(code="city_budget_industry_share_2030")
    assert yearly.series_id == goal.series_id
    observation_record(
        user=city_editor, target=yearly, period_end=date(2025, 12, 31), value=Decimal("15.2"), unit="%"
    )

    on = date(2026, 1, 31)
    board = {
        t.code: evaluate_target(t, on) for t in target_queryset(system).filter(pk__in=[yearly.pk, goal.pk])
    }
    assert board[goal.code].evaluation.actual == Decimal("15.2")
    assert board[goal.code].status != "无数据"
    client = client_as(city_editor)
    api = client.get(f"/api/v1/targets/{goal.code}/observations").json()
    assert [(o["period_end"], Decimal(str(o["value"]))) for o in api] == [("2025-12-31", Decimal("15.2"))]
    page = client.get(f"/s/{system.slug}/targets/{goal.code}/?on={on}").content.decode()
    assert "15.2" in page


def test_a_value_entered_twice_for_one_period_through_two_targets_is_one_value(system, targets, city_editor):
    from chanye.targets.services import observation_record

    yearly = Target.objects.get(code="city_budget_industry_share_annual_increase")
    goal = Target.objects.get(code="city_budget_industry_share_2030")
    observation_record(
        user=city_editor, target=yearly, period_end=date(2025, 12, 31), value=Decimal("15.2"), unit="%"
    )
    observation_record(
        user=city_editor, target=goal, period_end=date(2025, 12, 31), value=Decimal("15.4"), unit="%"
    )
    rows = Observation.objects.filter(series=goal.series)
    assert [(o.value, o.target.code) for o in rows] == [(Decimal("15.4"), goal.code)]
    assert Observation.history.filter(series_id=goal.series_id).count() == 2
