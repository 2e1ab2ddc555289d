"""A district office does its own work: a district editor imports its district's projects, land,
carriers, list items and firms; a row of another district is refused with its row number and
nothing is written. An office editor does the same for its industries. Through the pages and
the API, with the same messages."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chanye.core.tests.utils import history_total

SLUG = "guangzhou-12218"
PROJECT_HEAD = "项目编号*,项目名称*,类型*,所在区*,产业,企业统一社会信用代码,所在园区,产业办,服务市领导,计划总投资（万元）,签约日期,供地日期,开工日期,投产日期,达产日期,备注"
LAND_HEAD = "地块编号*,地块名称,所在区*,所在园区,类别*,面积*,面积单位,状态*,日期*,备注"
LEAD_HEAD = "目标企业*,阶段*,市内企业,企业统一社会信用代码,线索来源,预计投资（万元）,编号*,产业*,产业链环节,产业办,拟落地区,负责人,下一步工作,下一步日期,进入当前阶段日期,是否终止,成败原因,备注"


def _file(name: str, *lines: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode("utf-8"))


def _project(code: str, district: str, industry: str = "") -> str:
    return f"{code},{district}示范项目,重点项目,{district},{industry},,,,,3000,2025-01-01,,2025-02-01,,,"


def _land(parcel: str, district: str) -> str:
    return f"{parcel},{district}地块,{district},,新增工业用地,10,亩,已供应,2025-03-05,"


@pytest.fixture
def huangpu(system, huangpu_editor, client_as):
    return client_as(huangpu_editor)


# ---------------------------------------------------------------- pages


def test_a_district_editor_imports_its_districts_projects_through_the_page(huangpu, system):
    from chanye.projects.models import Project

    response = huangpu.post(
        f"/s/{SLUG}/projects/",
        {"file": _file("黄埔项目.csv", PROJECT_HEAD, _project("HP-1", "黄埔区"), _project("HP-2", "440112"))},
    )
    assert response.status_code == 200, response.content.decode()[:800]
    rows = Project.objects.filter(system=system, code__in=["HP-1", "HP-2"]).select_related("district")
    assert sorted((p.code, p.district.code) for p in rows) == [("HP-1", "440112"), ("HP-2", "440112")]
    record = Project.history.filter(code="HP-1").latest()
    assert (record.history_user.username, record.source) == ("huangpu_editor", "import")


def test_a_row_of_another_district_is_refused_with_its_row_number_and_nothing_is_written(huangpu, system):
    from chanye.projects.models import Project

    before = history_total()
    response = huangpu.post(
        f"/s/{SLUG}/projects/",
        {"file": _file("混合.csv", PROJECT_HEAD, _project("HP-3", "黄埔区"), _project("TH-3", "440106"))},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert (
        "第 3 行 D 列「所在区」值「440106」：不是本区：区级编辑只能导入本区（黄埔区）的数据。请删除这一行，或交由该区填报。"
        in page
    )
    assert "第 2 行" not in page  # the row of 黄埔 is fine
    assert not Project.objects.filter(code__in=["HP-3", "TH-3"]).exists()
    assert history_total() == before


def test_land_for_huangpu_is_accepted_and_for_tianhe_refused_through_the_page(huangpu, system):
    from chanye.places.models import LandRecord

    ok = huangpu.post(
        f"/s/{SLUG}/land/", {"file": _file("黄埔用地.csv", LAND_HEAD, _land("HP-L1", "黄埔区"))}
    )
    assert ok.status_code == 200
    assert LandRecord.objects.get(parcel="HP-L1").district.code == "440112"
    refused = huangpu.post(
        f"/s/{SLUG}/land/", {"file": _file("天河用地.csv", LAND_HEAD, _land("TH-L1", "440106"))}
    )
    assert refused.status_code == 422
    assert "第 2 行 C 列「所在区」值「440106」：不是本区" in refused.content.decode()
    assert not LandRecord.objects.filter(parcel="TH-L1").exists()


def test_a_district_editor_cannot_take_over_another_districts_record_by_its_code(
    huangpu, system, city_editor, client_as
):
    from chanye.projects.models import Project

    city = client_as(city_editor)
    assert (
        city.post(
            f"/s/{SLUG}/projects/", {"file": _file("天河.csv", PROJECT_HEAD, _project("TH-9", "天河区"))}
        ).status_code
        == 200
    )
    response = huangpu.post(
        f"/s/{SLUG}/projects/", {"file": _file("改区.csv", PROJECT_HEAD, _project("TH-9", "黄埔区"))}
    )
    assert response.status_code == 422
    assert (
        "这个编号已是其他区或其他产业办的记录：只能修改本单位的记录。请核对编号。"
        in response.content.decode()
    )
    assert Project.objects.get(code="TH-9").district.code == "440106"


def test_the_import_form_is_offered_to_a_district_editor(huangpu):
    page = huangpu.get(f"/s/{SLUG}/projects/").content.decode()
    assert 'type="file"' in page


# ---------------------------------------------------------------- API


def test_the_api_accepts_huangpu_projects_and_refuses_tianhe_rows(huangpu, system):
    from chanye.projects.models import Project

    ok = huangpu.post(
        "/api/v1/projects/import", {"file": _file("p.csv", PROJECT_HEAD, _project("HP-API", "黄埔区"))}
    )
    assert ok.status_code == 200, ok.content.decode()
    assert json.loads(ok.content)["created"] == 1
    refused = huangpu.post(
        "/api/v1/projects/import", {"file": _file("p.csv", PROJECT_HEAD, _project("TH-API", "天河区"))}
    )
    assert refused.status_code == 422
    assert json.loads(refused.content)["errors"] == [
        "第 2 行 D 列「所在区」值「天河区」：不是本区：区级编辑只能导入本区（黄埔区）的数据。请删除这一行，或交由该区填报。"
    ]
    assert (
        Project.objects.filter(code="HP-API").exists() and not Project.objects.filter(code="TH-API").exists()
    )


def test_the_api_accepts_huangpu_land_and_refuses_tianhe_land(huangpu, system):
    from chanye.places.models import LandRecord

    ok = huangpu.post("/api/v1/land/import", {"file": _file("l.csv", LAND_HEAD, _land("HP-L2", "黄埔区"))})
    assert ok.status_code == 200
    refused = huangpu.post(
        "/api/v1/land/import",
        {"file": _file("l.csv", LAND_HEAD, _land("HP-L3", "黄埔区"), _land("TH-L3", "天河区"))},
    )
    assert refused.status_code == 422
    assert json.loads(refused.content)["errors"] == [
        "第 3 行 C 列「所在区」值「天河区」：不是本区：区级编辑只能导入本区（黄埔区）的数据。请删除这一行，或交由该区填报。"
    ]
    assert sorted(LandRecord.objects.filter(parcel__startswith="HP-L").values_list("parcel", flat=True)) == [
        "HP-L2"
    ]


def test_a_list_item_without_a_district_is_refused_for_a_district_editor(huangpu, system):
    line = "甲公司,线索,否,,展会,5000,Z-1,智能网联与新能源汽车,,,,王五,电话沟通,,,,,"
    refused = huangpu.post("/api/v1/lists/leads/import", {"file": _file("招商.csv", LEAD_HEAD, line)})
    assert refused.status_code == 422
    assert "区级编辑导入的每一行都须属于本区：请填写黄埔区。" in json.loads(refused.content)["errors"][0]
    ok = huangpu.post(
        "/api/v1/lists/leads/import",
        {"file": _file("招商.csv", LEAD_HEAD, line.replace(",,,,王五", ",,,黄埔区,王五"))},
    )
    assert ok.status_code == 200, ok.content.decode()


# ---------------------------------------------------------------- office editors, firms


def test_an_office_editor_imports_its_industries_projects_only(office_editor, client_as, system):
    client = client_as(office_editor)  # office_ai owns 人工智能
    ok = client.post(
        "/api/v1/projects/import",
        {"file": _file("p.csv", PROJECT_HEAD, _project("AI-1", "海珠区", "人工智能"))},
    )
    assert ok.status_code == 200, ok.content.decode()
    refused = client.post(
        "/api/v1/projects/import",
        {"file": _file("p.csv", PROJECT_HEAD, _project("CAR-1", "海珠区", "智能网联与新能源汽车"))},
    )
    assert refused.status_code == 422
    assert json.loads(refused.content)["errors"] == [
        "第 2 行 E 列「产业」值「智能网联与新能源汽车」：不是本办负责的产业：产业办编辑只能导入本办产业的数据。请删除这一行，或交由负责的产业办填报。"
    ]


def test_a_district_editor_imports_its_firms_and_not_another_districts(huangpu, system, city_editor):
    from chanye.enterprises.models import Enterprise
    from chanye.enterprises.tests.test_importing import csv_file, row, run

    batch = run(system, city_editor, csv_file(row(1, district="天河区")))
    assert batch.status == "done"
    response = huangpu.post(
        f"/s/{SLUG}/enterprises/import/",
        {"file": SimpleUploadedFile("企业.csv", csv_file(row(2, district="黄埔区")))},
    )
    assert response.status_code == 302
    from chanye.enterprises.models import ImportBatch

    assert ImportBatch.objects.latest("pk").status == "done"
    assert Enterprise.objects.filter(district__code="440112").count() == 1
    bad = csv_file(row(3, district="黄埔区"), row(4, district="天河区"), row(1, district="黄埔区"))
    huangpu.post(f"/s/{SLUG}/enterprises/import/", {"file": SimpleUploadedFile("企业.csv", bad)})
    batch = ImportBatch.objects.latest("pk")
    assert batch.status == "failed"
    assert [(e["row"], e["heading"], e["message"]) for e in batch.errors] == [
        (3, "所在区", "不是本区：区级编辑只能导入本区（黄埔区）的数据。请删除这一行，或交由该区填报。"),
        (
            4,
            "统一社会信用代码",
            "这家企业已登记在其他区：区级编辑只能修改本区企业。企业迁入本区的，请联系市级编辑修改所在区。",
        ),
    ]
    assert Enterprise.objects.filter(district__code="440112").count() == 1
