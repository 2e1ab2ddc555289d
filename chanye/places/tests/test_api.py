"""Parks, land and carriers through the API: read with units converted, import all-or-nothing
with the page's messages, refused before the file is read for anyone but city staff."""

from django.core.files.uploadedfile import SimpleUploadedFile

from chanye.core.tests.utils import assert_status
from chanye.places.models import LandRecord
from chanye.places.services import places_load

LAND_HEADER = "地块编号*,地块名称,所在区*,所在园区,类别*,面积*,面积单位,状态*,日期*,备注"


def land_file(*rows: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("用地.csv", ("\n".join([LAND_HEADER, *rows]) + "\n").encode("utf-8"))


def test_a_land_file_is_checked_then_imported_and_read_back_in_mu(system, city_editor, client_as):
    client = client_as(city_editor)
    row = "GZ-1,甲地块,增城区,,新增工业用地,1,平方公里,已供应,2025-03-05,"

    dry = client.post("/api/v1/land/import?dry_run=true", {"file": land_file(row)})
    assert_status(dry, 200)
    assert dry.json() == {
        "ok": True,
        "dry_run": True,
        "rows": 1,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "errors": [],
    }
    assert LandRecord.objects.count() == 0

    done = client.post("/api/v1/land/import", {"file": land_file(row)})
    assert_status(done, 200)
    assert (done.json()["created"], LandRecord.objects.count()) == (1, 1)
    record = LandRecord.objects.get()
    assert (record.history.get().history_user, record.history.get().source) == (city_editor, "import")

    body = client.get("/api/v1/land?district=440118").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["parcel"], item["area_mu"], item["use_zh"], item["district_name_zh"], item["demo_data"]) == (
        "GZ-1",
        "1500.00",
        "新增工业用地",
        "增城区",
        False,
    )


def test_a_bad_row_is_refused_with_where_and_how_and_nothing_is_written(system, city_editor, client_as):
    response = client_as(city_editor).post(
        "/api/v1/land/import", {"file": land_file("GZ-2,乙地块,深圳,,新增工业用地,100,亩,已供应,2025-03-05,")}
    )

    assert_status(response, 422)
    body = response.json()
    assert (body["ok"], body["created"]) == (False, 0)
    assert body["errors"][0].startswith("第 2 行 C 列「所在区」值「深圳」：不是本市的区。请填区名（")
    assert LandRecord.objects.count() == 0


def test_an_office_editor_or_viewer_is_refused_with_the_pages_message(
    system, office_editor, viewer, client_as
):
    for user in (office_editor, viewer):
        response = client_as(user).post("/api/v1/carriers/import", {"file": land_file("x")})
        assert_status(response, 403)
        assert response.json() == {
            "ok": False,
            "error": "只有市级管理员、市级编辑和区级编辑（本区数据）可以导入用地和载体记录。",
            "errors": ["只有市级管理员、市级编辑和区级编辑（本区数据）可以导入用地和载体记录。"],
            "status": 403,
        }


def test_parks_are_listed_and_a_missing_one_says_so(system, cli, viewer, client_as):
    places_load(system=system, user=cli)
    client = client_as(viewer)

    body = client.get("/api/v1/parks?limit=100").json()
    assert body["count"] == 20 and all(p["demo_data"] is False for p in body["items"])
    first = body["items"][0]
    assert client.get(f"/api/v1/parks/{first['key']}").json() == first
    missing = client.get("/api/v1/parks/nope")
    assert_status(missing, 404)
    assert missing.json()["error"] == "没有这个园区。"
