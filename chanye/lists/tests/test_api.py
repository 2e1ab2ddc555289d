"""The three lists through the API: imported, read, and a signed lead turned into a project."""

from django.core.files.uploadedfile import SimpleUploadedFile

from chanye.core.tests.utils import assert_status
from chanye.lists.models import Lead
from chanye.projects.models import Project

LEAD_HEADER = "目标企业*,阶段*,市内企业,企业统一社会信用代码,线索来源,预计投资（万元）,编号*,产业*,产业链环节,产业办,拟落地区,负责人,下一步工作,下一步日期,进入当前阶段日期,是否终止,成败原因,备注"


def leads_file(*rows: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("招商.csv", ("\n".join([LEAD_HEADER, *rows]) + "\n").encode("utf-8"))


def test_leads_import_read_and_a_signed_one_becomes_a_project(system, city_editor, viewer, client_as):
    client = client_as(city_editor)
    imported = client.post("/api/v1/lists/leads/import", {"file": leads_file(
        "甲公司,线索,否,,展会,5000,Z-1,智能网联与新能源汽车,,,南沙区,王五,电话沟通,,,,,",
        "丁公司,签约,否,,基金,80000,Z-4,智能网联与新能源汽车,,,花都区,王五,,,2025-06-01,,,",
    )})  # fmt: skip
    assert_status(imported, 200)
    assert imported.json()["created"] == 2

    body = client_as(viewer).get("/api/v1/lists/leads?stage=signed").json()
    assert [(i["code"], i["stage_zh"], i["district"], i["project"]) for i in body["items"]] == [
        ("Z-4", "签约", "440114", None)
    ]

    signed = Lead.objects.get(code="Z-4")
    assert_status(client_as(viewer).post(f"/api/v1/lists/leads/{signed.pk}/convert"), 403)
    converted = client.post(f"/api/v1/lists/leads/{signed.pk}/convert")
    assert_status(converted, 201)
    assert converted.json()["project"] == "ZS-Z-4"
    project = Project.objects.get(code="ZS-Z-4")
    assert (project.district.code, project.planned_investment, str(project.signed_on)) == (
        "440114",
        80000,
        "2025-06-01",
    )
    again = client.post(f"/api/v1/lists/leads/{signed.pk}/convert")
    assert again.status_code in (400, 422) and again.json()["errors"] == ["这条线索已转为项目 ZS-Z-4。"]


def test_an_unknown_list_says_which_there_are(system, viewer, client_as):
    response = client_as(viewer).get("/api/v1/lists/contracts")
    assert_status(response, 404)
    assert (
        response.json()["error"]
        == "没有「contracts」清单：可用 leads（招商）、transfers（科技转化）、expansions（增资扩产）。"
    )
