"""Projects through the API: imported (city staff), read back with their stage and stall flag."""

from django.core.files.uploadedfile import SimpleUploadedFile

from chanye.core.tests.utils import assert_status
from chanye.projects.models import Project

HEADER = "项目编号*,项目名称*,类型*,所在区*,产业,企业统一社会信用代码,所在园区,产业办,服务市领导,计划总投资（万元）,签约日期,供地日期,开工日期,投产日期,达产日期,备注"


def projects_file(*rows: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("项目.csv", ("\n".join([HEADER, *rows]) + "\n").encode("utf-8"))


def test_projects_import_and_read_back_with_stage_and_stall(system, city_editor, viewer, client_as):
    response = client_as(city_editor).post(
        "/api/v1/projects/import",
        {
            "file": projects_file(
                "P-1,示范项目,重点项目,黄埔区,智能网联与新能源汽车,,,,,3000,2024-01-01,,,,,",
                "P-2,另一项目,技改项目,天河区,,,,,,,2025-01-01,,2025-02-01,,,",
            )
        },
    )
    assert_status(response, 200)
    assert (response.json()["created"], Project.objects.count()) == (2, 2)

    body = client_as(viewer).get("/api/v1/projects?district=440112").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (
        item["code"],
        item["kind_zh"],
        item["industry"],
        item["planned_investment"],
        item["stage_label"],
    ) == ("P-1", "重点项目", "icv_nev", "3000.00", "签约")
    assert item["stalled"] == "签约未供地" and item["days_waited"] > 180
    assert client_as(viewer).get("/api/v1/projects/P-2").json()["stage_label"] == "开工"
    missing = client_as(viewer).get("/api/v1/projects/P-9")
    assert_status(missing, 404)
    assert missing.json()["error"] == "没有编号为「P-9」的项目。"


def test_a_viewer_imports_no_projects_or_investment(system, viewer, client_as):
    for path, message in (
        ("/api/v1/projects/import", "只读用户不能导入项目：请联系市级管理员开通编辑角色。"),
        ("/api/v1/project-investments/import", "只读用户不能导入项目投资：请联系市级管理员开通编辑角色。"),
    ):
        response = client_as(viewer).post(
            path, {"file": projects_file("P-1,示范项目,重点项目,黄埔区,,,,,,,,,,,,")}
        )
        assert_status(response, 403)
        assert response.json()["errors"] == [message]
    assert Project.objects.count() == 0
