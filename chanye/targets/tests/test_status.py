"""A target's status through the stack: actuals → evaluation → API, board and target page; reasoned overrides."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chanye.core.tests.utils import assert_status, history_marks, history_since, history_total
from chanye.targets.models import Target
from chanye.targets.services import observation_record, target_set_override

from .helpers import SLUG, board_row_html, board_rows, month_ends, post_json

CODE = "city_tech_upgrade_projects"  # ≥ 1000 个 by 2025-12-31, indicator summed per period
QUOTE = "推动实施技改项目1000个以上"

# By hand, on 2025-06-30 after six monthly 80s (Jan–Jun):
#   actual   = 6 × 80 = 480
#   planned  = 1000 × (2025-06-30 − 2025-01-01) / (2025-12-31 − 2025-01-01) = 1000 × 180/364 = 494.50549… → 494.5055
#   progress = 480 / 494.5055 = 0.9707 ≥ 0.90 → 正常
#   forecast = 480 ÷ (180/364) = 970.6667 (the pace so far carried to the deadline); 970.67/1000 ≥ 0.95 → 较高
PLANNED = (Decimal(1000) * 180 / 364).quantize(Decimal("0.0001"))
FORECAST = (Decimal(480) * 364 / 180).quantize(Decimal("0.0001"))


def expected(**overrides) -> dict:
    return {
        "code": CODE,
        "owner": "city",
        "owner_label": "全市",
        "district": None,
        "indicator": "tech_upgrade_projects",
        "indicator_name_zh": "实施技改项目数量",
        "kind": "count",
        "comparison": ">=",
        "value": "1000.000000",
        "unit": "个",
        "value_std": "1000.000000",
        "indicator_unit": "个",
        "deadline": "2025-12-31",
        "deadline_confirmed": False,
        "status": "正常",
        "status_overridden": False,
        "likelihood": "较高",
        "latest_actual": "480.0000",
        "actual_date": "2025-06-30",
        "planned": str(PLANNED),
        "forecast": str(FORECAST),
        "quote": QUOTE,
        "source": "S00",
        "demo_data": False,
        **overrides,
    }


@pytest.fixture
def six_months(targets, city_editor):
    """Six monthly actuals of 80 projects, January to June 2025, entered by a city editor."""
    target = Target.objects.get(code=CODE)
    for period_end in month_ends(2025, 1, 6):
        observation_record(user=city_editor, target=target, period_end=period_end, value=80)
    return target


def detail(client, on="2025-06-30"):
    return client.get(f"/api/v1/targets/{CODE}?on={on}")


def test_the_hand_computed_planned_value_is_494_5055():
    assert PLANNED == Decimal("494.5055")
    assert FORECAST == Decimal("970.6667")


def test_the_api_returns_the_status_planned_value_and_latest_actual_computed_by_hand(
    six_months, viewer, client_as
):
    response = detail(client_as(viewer))

    assert_status(response, 200)
    assert response.json() == expected()


def test_before_any_actual_the_target_has_no_data(targets, viewer, client_as):
    response = detail(client_as(viewer))

    assert_status(response, 200)
    assert response.json() == expected(
        status="无数据", likelihood=None, latest_actual=None, actual_date=None, forecast=None
    )


def test_actuals_after_the_evaluation_date_are_not_counted(six_months, viewer, client_as):
    response = detail(client_as(viewer), on="2025-03-31")

    assert_status(response, 200)
    body = response.json()
    # 3 × 80 = 240 against 1000 × 89/364 = 244.5055: still 正常 (98%).
    assert (body["latest_actual"], body["actual_date"], body["planned"], body["status"]) == (
        "240.0000", "2025-03-31", "244.5055", "正常",
    )  # fmt: skip


def test_a_slow_pace_is_watch_then_behind(targets, city_editor, viewer, client_as):
    target = Target.objects.get(code=CODE)
    for period_end in month_ends(2025, 1, 6):
        observation_record(
            user=city_editor, target=target, period_end=period_end, value=65
        )  # 390: 79% of 494.5
    client = client_as(viewer)

    watch = detail(client).json()
    observation_record(
        user=city_editor, target=target, period_end=month_ends(2025, 6, 6)[0], value=20
    )  # 345: 70%
    behind = detail(client).json()

    assert (watch["latest_actual"], watch["status"]) == ("390.0000", "关注")
    assert (behind["latest_actual"], behind["status"]) == ("345.0000", "滞后")


def test_the_api_list_evaluates_every_target_on_the_given_date(six_months, viewer, client_as):
    response = client_as(viewer).get("/api/v1/targets?on=2025-06-30&limit=100")

    assert_status(response, 200)
    body = response.json()
    assert (body["count"], body["on"], len(body["items"])) == (45, "2025-06-30", 45)
    assert body["items"][0] == expected()
    assert {i["status"] for i in body["items"][1:]} == {"无数据"}


def test_the_api_list_filters_by_owner_and_district(targets, viewer, client_as):
    client = client_as(viewer)

    city = client.get("/api/v1/targets?owner=city&on=2025-06-30").json()
    haizhu = client.get("/api/v1/targets?district=440105&on=2025-06-30").json()
    ai = client.get("/api/v1/targets?industry=artificial_intelligence&on=2025-06-30").json()

    assert city["count"] == 9 and {i["owner"] for i in city["items"]} == {"city"}
    assert haizhu["count"] == 8 and {i["district"] for i in haizhu["items"]} == {"440105"}
    assert ai["count"] == 5


def test_the_board_page_shows_the_same_status_and_values(six_months, viewer, client_as):
    response = client_as(viewer).get(f"/s/{SLUG}/targets/?on=2025-06-30")

    assert_status(response, 200)
    assert (CODE, "正常") in board_rows(response)
    assert [status for _, status in board_rows(response)].count("无数据") == 44
    html = response.content.decode()
    assert "评估日 2025-06-30" in html
    assert board_row_html(response, CODE).endswith(
        '<td class="num">480 个<br><small class="muted">截至 2025-06-30</small></td> '
        '<td class="num">494.51 个</td> <td><span class="status-pill st-正常">正常</span></td> <td>较高</td> <td class="num">970.67 个</td>'
    )


def test_an_actual_entered_after_the_board_was_viewed_shows_on_the_next_view(
    targets, city_editor, viewer, client_as
):
    board = client_as(viewer)
    before = board.get(f"/s/{SLUG}/targets/?on=2025-06-30")
    client = client_as(city_editor)
    for period_end in month_ends(2025, 1, 6):
        assert_status(
            post_json(
                client, f"/api/v1/targets/{CODE}/observations", {"period_end": str(period_end), "value": "80"}
            ),
            201,
        )

    after = board.get(f"/s/{SLUG}/targets/?on=2025-06-30")

    assert (CODE, "无数据") in board_rows(before)
    assert (CODE, "正常") in board_rows(after)
    assert '<td class="num">480 个<br>' in board_row_html(after, CODE)


def test_the_target_page_shows_the_evaluation_on_the_date(six_months, viewer, client_as):
    response = client_as(viewer).get(f"/s/{SLUG}/targets/{CODE}/?on=2025-06-30")

    assert_status(response, 200)
    html = response.content.decode()
    assert '<span class="status-pill st-正常">正常</span>' in html
    assert QUOTE in html
    assert '<span class="status-pill st-正常">正常</span></h1>' in html
    listed = [d for d in month_ends(2025, 1, 6) if f"<tr><td>{d.isoformat()}</td>" in html]
    assert listed == month_ends(2025, 1, 6)


# ---------------------------------------------------------------- status override


def override(client, status, reason):
    return client.post(
        f"/s/{SLUG}/targets/{CODE}/", {"action": "override", "status": status, "reason": reason}
    )


def test_an_override_with_a_reason_holds_while_no_newer_actual_arrives(
    six_months, city_editor, viewer, client_as
):
    client = client_as(city_editor)
    marks = history_marks()

    response = override(client, "关注", "  六月数据口径待核实  ")

    assert_status(response, 302)
    target = Target.objects.get(code=CODE)
    assert (target.status_override, target.override_reason) == ("关注", "六月数据口径待核实")
    assert [
        (type(r).__name__, r.history_type, r.history_user, r.source, r.status_override)
        for r in history_since(marks)
    ] == [("HistoricalTarget", "~", city_editor, "web", "关注")]
    body = detail(client_as(viewer)).json()
    assert (body["status"], body["status_overridden"]) == ("关注", True)
    # The computed values are still shown beside the manual status.
    assert (body["latest_actual"], body["planned"]) == ("480.0000", str(PLANNED))
    board = client_as(viewer).get(f"/s/{SLUG}/targets/?on=2025-06-30")
    assert (
        '<span class="status-pill st-关注">关注</span> <span class="badge medium" title="人工调整">人工</span>'
        in board_row_html(board, CODE)
    )


def test_an_override_gives_way_to_a_newer_actual(six_months, city_editor, viewer, client_as):
    target_set_override(user=city_editor, target=six_months, status="滞后", reason="进度存疑")
    assert detail(client_as(viewer)).json()["status"] == "滞后"

    response = post_json(
        client_as(city_editor),
        f"/api/v1/targets/{CODE}/observations",
        {"period_end": "2025-06-30", "value": "90"},
    )

    assert_status(response, 201)
    body = detail(client_as(viewer)).json()
    assert (body["status"], body["status_overridden"], body["latest_actual"]) == ("正常", False, "490.0000")
    assert Target.objects.get(code=CODE).status_override == "滞后"  # kept as a record; it no longer applies


def test_an_override_without_a_reason_is_refused_on_the_page(six_months, city_editor, client_as):
    client = client_as(city_editor)
    history_before = history_total()

    response = override(client, "滞后", "   ")

    assert_status(response, 200)
    assert "人工调整状态必须填写理由。" in response.content.decode()
    assert Target.objects.get(code=CODE).status_override == ""
    assert history_total() == history_before


def test_an_override_without_a_reason_is_refused_by_the_service(six_months, city_editor):
    with pytest.raises(ValidationError) as caught:
        target_set_override(user=city_editor, target=six_months, status="滞后", reason="")

    assert caught.value.messages == ["人工调整状态必须填写理由。"]
    assert Target.objects.get(code=CODE).status_override == ""


def test_clearing_an_override_needs_no_reason(six_months, city_editor, viewer, client_as):
    target_set_override(user=city_editor, target=six_months, status="滞后", reason="进度存疑")

    response = override(client_as(city_editor), "", "")

    assert_status(response, 302)
    target = Target.objects.get(code=CODE)
    assert (target.status_override, target.override_reason, target.override_at) == ("", "", None)
    assert detail(client_as(viewer)).json()["status"] == "正常"


def test_only_those_who_may_enter_actuals_may_override(six_months, tianhe_editor, client_as):
    client = client_as(tianhe_editor)

    with pytest.raises(PermissionDenied):
        target_set_override(user=tianhe_editor, target=six_months, status="滞后", reason="进度存疑")
    response = override(client, "滞后", "进度存疑")

    assert_status(response, 403)
    assert Target.objects.get(code=CODE).status_override == ""
