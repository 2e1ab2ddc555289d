import datetime as dt

import pytest

from chanye.targets.models import Milestone


@pytest.fixture
def milestone(system):
    return Milestone.objects.create(
        system=system,
        code="haizhu_axis",
        owner_kind="district",
        district=system.districts.get(code="440105"),
        name_zh="建成新中轴绿轴示范段",
        due_date=dt.date(2025, 11, 8),
        quote="全运会前建成新中轴绿轴示范段",
        source_key="S00",
    )


def test_district_editor_marks_its_milestone_done_with_evidence_through_the_api(
    client_as, haizhu_editor, milestone
):
    response = client_as(haizhu_editor).patch(
        "/api/v1/milestones/haizhu_axis",
        {"done": True, "done_date": "2025-11-01", "evidence": "海珠区验收纪要2025-11"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["done"] is True
    milestone.refresh_from_db()
    assert (milestone.done, milestone.done_date, milestone.evidence) == (
        True,
        dt.date(2025, 11, 1),
        "海珠区验收纪要2025-11",
    )
    record = milestone.history.latest()
    assert (record.history_user, record.source) == (haizhu_editor, "api")


def test_another_district_cannot_touch_the_milestone(client_as, tianhe_editor, milestone):
    response = client_as(tianhe_editor).patch(
        "/api/v1/milestones/haizhu_axis",
        {"done": True, "done_date": "2025-11-01", "evidence": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403
    milestone.refresh_from_db()
    assert milestone.done is False


def test_done_needs_a_date_and_evidence(client_as, city_editor, milestone):
    response = client_as(city_editor).patch(
        "/api/v1/milestones/haizhu_axis", {"done": True}, content_type="application/json"
    )
    assert (response.status_code, response.json()["errors"]) == (400, ["标记为已完成时请填写完成日期。"])


def test_scorecard_form_updates_the_milestone_with_a_web_history_row(
    client_as, haizhu_editor, milestone, system
):
    response = client_as(haizhu_editor).post(
        f"/s/{system.slug}/milestones/haizhu_axis/",
        {"done": "on", "done_date": "2025-11-02", "evidence": "纪要"},
    )
    assert response.status_code == 302 and response["Location"].endswith("/districts/440105/scorecard/")
    milestone.refresh_from_db()
    assert milestone.done and milestone.history.latest().source == "web"
