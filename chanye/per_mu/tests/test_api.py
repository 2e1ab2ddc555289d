"""亩均评价 through the API: a run made by city staff only, read back with its ranked results."""

from chanye.core.tests.utils import assert_status
from chanye.enterprises.tests.test_importing import code
from chanye.per_mu.models import PerMuRun
from chanye.per_mu.tests.test_per_mu import firms, rule_set  # noqa: F401 - the fixtures of the 亩均 tests


def test_a_run_is_made_by_city_staff_and_read_back(firms, rule_set, city_editor, viewer, client_as):  # noqa: F811
    refused = client_as(viewer).post(
        "/api/v1/per-mu/runs", {"rule_set": rule_set.key, "year": 2024}, content_type="application/json"
    )
    assert_status(refused, 403)
    assert (
        refused.json()["errors"] == ["只有市级管理员或编辑可以进行亩均评价。"]
        and not PerMuRun.objects.exists()
    )

    made = client_as(city_editor).post(
        "/api/v1/per-mu/runs", {"rule_set": rule_set.key, "year": 2024}, content_type="application/json"
    )
    assert_status(made, 201)
    run = made.json()
    assert (run["year"], run["rule_set"], run["rated"], run["excluded"], run["missing"]) == (
        2024,
        "huaian-fixed",
        3,
        1,
        1,
    )

    listed = client_as(viewer).get("/api/v1/per-mu/runs").json()
    assert [r["id"] for r in listed["items"]] == [run["id"]]
    results = client_as(viewer).get(f"/api/v1/per-mu/runs/{run['id']}/results").json()["items"]
    assert results[0]["uscc"] == code(1) and results[0]["rank"] == 1 and results[0]["score"] == "127.25"
    assert [r["klass"] for r in results][-2:] == ["T", ""]
    assert results[-2]["reason"] == "行业代码 4411 属不参评行业（44）" and results[-2]["flips"] == []
    # the second firm is told what lifts it to B, as on its evaluation page
    assert results[1]["flips"][0] == {
        "direction": "up",
        "to_class": "B",
        "target": "127.25",
        "input": "tax",
        "change": "200.00",
        "per_mu": "20.00",
        "text": "亩均税收再增加 20.00 万元/亩（税收约 +200.00 万元）可升为 B 类",
    }


def test_an_unknown_rule_set_lists_those_there_are(rule_set, city_editor, client_as):  # noqa: F811
    response = client_as(city_editor).post(
        "/api/v1/per-mu/runs", {"rule_set": "nope", "year": 2024}, content_type="application/json"
    )
    assert_status(response, 404)
    assert response.json()["error"] == "没有规则集「nope」。可用：huaian-fixed。"
