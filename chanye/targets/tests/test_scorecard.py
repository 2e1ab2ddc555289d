"""The district scorecard: a district's targets and milestones, with a worst-wins overall status."""

from datetime import date

from django.utils.html import escape

from chanye.analytics import trajectory as tr
from chanye.core.tests.utils import assert_status
from chanye.targets.models import Target
from chanye.targets.selectors import evaluate_target, target_queryset
from chanye.targets.services import observation_record

from .helpers import SLUG, board_rows, file_codes, month_ends, shipped

HAIZHU = "440105"
SCORECARD = f"/s/{SLUG}/districts/{HAIZHU}/scorecard/"


def haizhu_codes() -> list[str]:
    return file_codes(owner=f"district:{HAIZHU}")


def haizhu_milestones() -> list[dict]:
    return [m for m in shipped()["milestones"] if m["owner"] == f"district:{HAIZHU}"]


def test_haizhu_has_8_targets_and_2_milestones_in_the_file():
    assert len(haizhu_codes()) == 8
    assert [m["code"] for m in haizhu_milestones()] == [
        "haizhu_new_axis_green_axis_demo",
        "haizhu_sanjiao_dongfeng_resettlement",
    ]


def test_the_scorecard_lists_haizhus_targets_and_milestones(targets, viewer, client_as):
    response = client_as(viewer).get(f"{SCORECARD}?on=2025-06-30")

    assert_status(response, 200)
    html = response.content.decode()
    assert [code for code, _ in board_rows(response)] == haizhu_codes()
    assert "评估日 2025-06-30 · 8 个量化目标 · 2 个节点任务" in html
    for milestone in haizhu_milestones():
        assert escape(milestone["name_zh"]) in html
        assert f"“{escape(milestone['quote'])}”" in html
    assert "2025-11-08" in html  # 全运会前
    assert "采埃孚" not in html  # 花都's milestone is not listed


def test_the_scorecard_status_is_the_worst_of_its_rows(
    targets, city_editor, haizhu_editor, viewer, client_as
):
    filings = Target.objects.get(code="haizhu_llm_filings_2025")
    for period_end in month_ends(2025, 1, 9):
        observation_record(
            user=haizhu_editor, target=filings, period_end=period_end, value=10
        )  # 90 of > 110 by year end
    kanglu = Target.objects.get(code="haizhu_kanglu_demolition_phase1")
    observation_record(
        user=haizhu_editor, target=kanglu, period_end=date(2025, 6, 30), value=20
    )  # 20 of 35 by 2025-06-30

    response = client_as(viewer).get(f"{SCORECARD}?on=2025-09-30")

    assert_status(response, 200)
    statuses = dict(board_rows(response))
    worst = tr.worst(statuses.values())
    by_hand = tr.worst(
        evaluate_target(t, date(2025, 9, 30)).status
        for t in target_queryset(filings.system).filter(district__code=HAIZHU)
    )
    assert worst == by_hand == "未达成"
    assert (statuses["haizhu_kanglu_demolition_phase1"], statuses["haizhu_llm_filings_2025"]) == (
        "未达成",
        "正常",
    )
    assert list(statuses.values()).count("无数据") == 6
    assert (
        f'<span class="status-pill st-{worst}" title="最差状态（worst-wins）">总体：{worst}</span>'
        in response.content.decode()
    )


def test_a_scorecard_without_actuals_is_no_data_overall(targets, viewer, client_as):
    response = client_as(viewer).get(f"{SCORECARD}?on=2025-06-30")

    assert_status(response, 200)
    assert set(dict(board_rows(response)).values()) == {"无数据"}
    assert "总体：无数据" in response.content.decode()


def test_the_scorecard_of_an_unknown_district_is_404(targets, viewer, client_as):
    response = client_as(viewer).get(f"/s/{SLUG}/districts/440199/scorecard/")

    assert_status(response, 404)
    assert (
        escape("体系「广州市“12218”现代化产业体系」中没有代码为「440199」的区。") in response.content.decode()
    )
