"""Parks from the definition, land and carrier imports (all or nothing), targets computed from them."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from chanye.core.importing import import_register
from chanye.places.importing import CARRIERS, LAND
from chanye.places.models import CarrierRecord, LandRecord, Park
from chanye.places.services import places_load
from chanye.targets.computations import recompute
from chanye.targets.models import Target

SLUG = "guangzhou-12218"
LAND_HEADER = "地块编号*,地块名称,所在区*,所在园区,类别*,面积*,面积单位,状态*,日期*,备注"
CARRIER_HEADER = (
    "载体编号*,载体名称*,所在区*,所在园区,类型*,建设方式,建筑面积*,面积单位,开工日期,建成日期,备注"
)


def csv_bytes(header, *rows) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def land(system, user, *rows, dry_run=False, name="用地.csv"):
    return import_register(
        register=LAND,
        system=system,
        user=user,
        content=csv_bytes(LAND_HEADER, *rows),
        file_name=name,
        dry_run=dry_run,
    )


def actual(code: str) -> Decimal:
    return sum((o.value for o in Target.objects.get(code=code).observations.all()), Decimal(0))


def test_the_articles_parks_load_with_their_quotes_once(system, cli):
    assert places_load(system=system, user=cli) == 20
    assert places_load(system=system, user=cli) == 0
    park = Park.objects.get(key="zengcheng_smart_sensor_park")
    assert (park.name_zh, park.district.name_zh, park.kind, park.source_key) == (
        "智能传感器产业园",
        "增城区",
        "specialised_park",
        "S00",
    )
    assert park.source_quote == "增城区加快电子信息新材料产业园、智能传感器产业园等专业园区建设"
    assert [i.slug for i in park.industries.all()] == ["semiconductors_ic"]
    assert Park.objects.get(key="city_biomanufacturing_park").district is None
    assert Park.history.filter(key="zengcheng_smart_sensor_park").count() == 1


def test_a_bad_places_file_names_the_entry_and_loads_nothing(system, cli, tmp_path):
    path = tmp_path / "places.yaml"
    path.write_text(
        "format: chanye-places/1\nplaces:\n- {key: a, name_zh: 甲园, kind: specialised_park, district: '440106'}\n"
        "- {key: b, name_zh: 乙园, kind: 工业园, district: '999999', sources: [S99]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as exc:
        places_load(system=system, user=cli, path=path)
    assert exc.value.messages[0].startswith("places.yaml places 第 2 项「b」：类型「工业园」不可用")
    assert (
        "places.yaml places 第 2 项「b」：区代码「999999」不在本体系的区中；全市性的写 null。"
        in exc.value.messages
    )
    assert "places.yaml places 第 2 项「b」：来源「S99」不在体系定义的 sources 中。" in exc.value.messages
    assert not Park.objects.exists()


def test_a_land_import_writes_history_and_the_targets_follow(targets, system, city_editor):
    out = land(
        system, city_editor,
        "GZ-1,甲地块,增城区,,新增工业用地,1,平方公里,已供应,2025-03-05,",
        "GZ-2,乙地块,南沙,,新增工业用地,600,亩,已推出,2025-04-01,",
        "GZ-3,丙地块,440118,,产业用地整合,3000,亩,已完成,2025-06-30,",
        "GZ-4,丁地块,从化区,,土地收储,1200,亩,已收储,2025-07-15,",
    )  # fmt: skip
    assert (out.ok, out.created, out.updated, out.rows) == (True, 4, 0, 4)
    first = LandRecord.objects.get(parcel="GZ-1")
    assert (first.area_mu, first.use, first.status, first.import_row) == (
        Decimal("1500.00"),
        "new_industrial",
        "supplied",
        2,
    )
    history = first.history.get()
    assert (history.history_user, history.source, history.history_change_reason) == (
        city_editor,
        "import",
        "导入 用地.csv",
    )
    # 1 km² = 1500 亩 supplied in 2025; GZ-2 only offered; targets computed, not typed
    assert actual("city_new_industrial_land_2025") == Decimal(1500)
    assert actual("nansha_industrial_land_offered") == Decimal(600)
    assert actual("zengcheng_land_integration_annual") == Decimal(3000)
    assert actual("conghua_land_reserve") == Decimal(1200)
    assert set(
        Target.objects.get(code="city_new_industrial_land_2025").observations.values_list("origin", flat=True)
    ) == {"computed"}


def test_a_changed_row_updates_in_place_and_a_moved_month_leaves_nothing_stale(targets, system, city_editor):
    land(system, city_editor, "GZ-1,甲地块,增城区,,新增工业用地,900,亩,已供应,2025-03-05,")
    out = land(system, city_editor, "GZ-1,甲地块,增城区,,新增工业用地,1000,亩,已供应,2025-05-20,")
    assert (out.created, out.updated, out.unchanged) == (0, 1, 0)
    assert [h.history_type for h in LandRecord.objects.get(parcel="GZ-1").history.order_by("history_id")] == [
        "+",
        "~",
    ]
    target = Target.objects.get(code="city_new_industrial_land_2025")
    assert actual(target.code) == Decimal(1000)
    assert target.observations.get(period_end=date(2025, 5, 31)).value == Decimal(1000)
    again = land(system, city_editor, "GZ-1,甲地块,增城区,,新增工业用地,1000,亩,已供应,2025-05-20,")
    assert (again.updated, again.unchanged) == (0, 1)


def test_bad_land_files_list_every_error_and_write_nothing(targets, system, city_editor):
    out = land(
        system, city_editor,
        "GZ-1,甲地块,深圳,,新增工业用地,100,亩,已供应,2025-03-05,",
        "GZ-2,乙地块,增城区,,新增工业用地,一百,亩,已供应,2025-03-05,",
        "GZ-3,丙地块,增城区,,新增工业用地,100,公斤,已供应,2025/13/01,",
        "GZ-4,丁地块,增城区,,盖楼,100,亩,已供应,2025-03-05,",
        "GZ-5,戊地块,增城区,,新增工业用地,100,亩,已供应,2025-03-05,",
        "GZ-5,戊地块,增城区,,新增工业用地,100,亩,已供应,2025-03-05,",
    )  # fmt: skip
    lines = [(e["row"], e["column"], e["heading"], e["value"]) for e in out.errors]
    assert lines == [
        (2, "C", "所在区", "深圳"), (3, "F", "面积", "一百"), (4, "I", "日期", "2025/13/01"), (4, "G", "面积单位", "公斤"),
        (5, "E", "类别", "盖楼"), (7, "A", "地块编号", "GZ-5"),
    ]  # fmt: skip
    assert out.errors[0]["message"].startswith("不是本市的区。请填区名（越秀区、")
    assert out.errors[1]["message"] == "应为大于 0 的数字（可带千分位逗号），单位写在“面积单位”列。"
    assert out.errors[5]["message"] == "与第 6 行是同一条记录：请删除或合并。"
    assert not LandRecord.objects.exists() and not LandRecord.history.exists()
    assert actual("city_new_industrial_land_2025") == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "文件「用地.csv」是空的：没有表头，也没有数据行。"),
        (LAND_HEADER.encode() + b"\n", "文件「用地.csv」只有表头，没有数据行。"),
        (
            "地块编号,面积\nA,1\n".encode(),
            "文件「用地.csv」表头有误：缺少必填列：所在区、类别、状态、日期。请下载用地记录模板，不要修改第 1 行的列名。",
        ),
    ],
)
def test_unusable_files_say_why(system, city_editor, content, message):
    out = import_register(
        register=LAND, system=system, user=city_editor, content=content, file_name="用地.csv", dry_run=False
    )
    assert [e["message"] for e in out.errors] == [message]


def test_a_dry_run_reports_and_writes_nothing(system, city_editor):
    out = land(
        system, city_editor, "GZ-1,甲地块,增城区,,新增工业用地,100,亩,已供应,2025-03-05,", dry_run=True
    )
    assert (out.ok, out.created, out.dry_run) == (True, 1, True)
    assert not LandRecord.objects.exists()


def test_carriers_convert_square_metres_and_feed_started_and_completed_targets(targets, system, city_editor):
    out = import_register(
        register=CARRIERS, system=system, user=city_editor, file_name="载体.csv", dry_run=False,
        content=csv_bytes(
            CARRIER_HEADER,
            "LW-1,荔湾一号,荔湾区,,产业载体,新建,50000,平方米,2025-02-01,2025-10-01,",
            "LW-2,荔湾二号,荔湾区,,产业载体,,12,,2025-03-01,,",
            "TH-1,天河科创,天河区,,科创载体,升级改造,30,万平方米,2025-01-10,2025-09-30,",
        ),
    )  # fmt: skip
    assert (out.ok, out.created) == (True, 3)
    assert CarrierRecord.objects.get(code="LW-1").floor_area == Decimal("5.00")
    assert (actual("liwan_carrier_projects_started_2025"), actual("liwan_carrier_area_started_2025")) == (
        2,
        Decimal(17),
    )
    assert (actual("liwan_carriers_completed_2025"), actual("liwan_carrier_area_completed_2025")) == (
        1,
        Decimal(5),
    )
    assert actual("tianhe_innovation_carriers_3yr") == Decimal(30)
    bad = import_register(
        register=CARRIERS, system=system, user=city_editor, file_name="载体.csv", dry_run=False,
        content=csv_bytes(CARRIER_HEADER, "LW-9,荔湾九号,荔湾区,,产业载体,新建,5,万平方米,2025-05-01,2025-04-01,"),
    )  # fmt: skip
    assert [(e["column"], e["message"]) for e in bad.errors] == [("J", "建成日期早于开工日期：请核对。")]


def test_parks_count_towards_the_park_targets_from_their_date(targets, system, cli):
    Park.objects.create(
        system=system,
        key="p1",
        name_zh="甲园",
        kind="benchmark_park",
        status="building",
        since=date(2025, 5, 1),
    )
    Park.objects.create(
        system=system,
        key="p2",
        name_zh="乙园",
        kind="benchmark_park",
        status="planned",
        since=date(2025, 6, 1),
    )
    Park.objects.create(
        system=system,
        key="p3",
        name_zh="丙园",
        kind="energy_storage_park",
        status="operating",
        since=date(2025, 7, 1),
    )
    recompute(system=system, user=cli, names={"benchmark_parks_built", "energy_storage_parks_built"})
    assert (actual("city_benchmark_industrial_parks"), actual("city_energy_storage_parks")) == (1, 1)


def test_the_pages_show_parks_records_and_import_outcomes(
    targets, system, city_editor, viewer, client_as, cli
):
    places_load(system=system, user=cli)
    client = client_as(viewer)
    html = client.get(f"/s/{SLUG}/parks/").content.decode()
    assert (
        "智能传感器产业园" in html and "由这些记录计算实际值的目标" in html and "特色标杆工业园数量" in html
    )
    assert (
        "增城区加快电子信息新材料产业园"
        in client.get(f"/s/{SLUG}/parks/zengcheng_smart_sensor_park/").content.decode()
    )
    assert client.get(f"/s/{SLUG}/parks/nope/").status_code == 404
    denied = client.post(f"/s/{SLUG}/land/", {"file": BytesIO(b"x")})
    assert denied.status_code == 403
    upload = BytesIO(
        csv_bytes(LAND_HEADER, "GZ-1,甲地块,增城区,智能传感器产业园,新增工业用地,100,亩,已供应,2025-03-05,")
    )
    upload.name = "用地.csv"
    html = client_as(city_editor).post(f"/s/{SLUG}/land/", {"file": upload}).content.decode()
    assert "已导入「用地.csv」：新增 1 条、更新 0 条、0 条不变" in html and "GZ-1" in html
    assert LandRecord.objects.get().park.key == "zengcheng_smart_sensor_park"
    upload = BytesIO(csv_bytes(LAND_HEADER, "GZ-2,乙地块,深圳,,新增工业用地,100,亩,已供应,2025-03-05,"))
    upload.name = "用地.csv"
    html = client_as(city_editor).post(f"/s/{SLUG}/land/", {"file": upload}).content.decode()
    assert "「用地.csv」有 1 处错误，未写入任何数据。" in html and "第 2 行 C 列「所在区」值「深圳」" in html


def test_the_xlsx_template_has_dropdowns(system, viewer, client_as):
    response = client_as(viewer).get(f"/s/{SLUG}/land/template.xlsx")
    wb = load_workbook(BytesIO(response.content))
    ws = wb["用地记录"]
    assert [c.value for c in ws[1]] == LAND_HEADER.split(",")
    formulas = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert formulas["C2"] == "=选项!$C$1:$C$11" and formulas["E2"] == "=选项!$E$1:$E$5"
    assert [wb["选项"].cell(r, 5).value for r in range(1, 6)] == [
        "新增工业用地",
        "土地收储",
        "工改工",
        "产业用地整合",
        "村镇工业集聚区改造",
    ]


def test_demo_records_are_labelled_and_feed_the_targets(targets, system, cli, viewer, client_as):
    from chanye.places.demo import places_demo, places_demo_clear

    added = places_demo(system=system, user=cli, today=date(2025, 12, 31))
    assert added == 19 + 160 + 90 and places_demo(system=system, user=cli, today=date(2025, 12, 31)) == 0
    assert actual("city_new_industrial_land_2025") > 0
    assert "演示数据" in client_as(viewer).get(f"/s/{SLUG}/land/").content.decode()
    assert all(
        r.park is None or r.park.district_id == r.district_id
        for r in LandRecord.objects.select_related("park")
    )
    from chanye.enterprises.models import Enterprise
    from chanye.enterprises.services import enterprises_demo
    from chanye.places.demo import park_demo_firms

    enterprises_demo(system=system, n=800, user=cli)
    placed = park_demo_firms(system=system, user=cli)
    in_parks = Enterprise.objects.filter(park__isnull=False).select_related("park")
    assert placed == in_parks.count() > 0 and all(
        e.district_id == e.park.district_id and e.demo for e in in_parks
    )
    assert park_demo_firms(system=system, user=cli) == 0
    assert places_demo_clear(system=system, user=cli) == added
    assert not LandRecord.objects.exists()


def test_a_computed_target_refuses_typed_totals_and_points_to_its_records(targets, city_editor, client_as):
    from chanye.targets.services import observation_record

    target = Target.objects.get(code="city_new_industrial_land_2025")
    with pytest.raises(ValidationError) as exc:
        observation_record(user=city_editor, target=target, period_end=date(2025, 3, 31), value=100)
    assert exc.value.messages == [
        f"目标「{target}」的实际值按“新增工业用地（已供应）”由记录计算，不能手工填报：请导入或登记相应的记录。"
    ]
    html = client_as(city_editor).get(f"/s/{SLUG}/targets/city_new_industrial_land_2025/").content.decode()
    assert (
        "本目标的实际值<b>由记录计算</b>（按“新增工业用地（已供应）”计算）" in html
        and f'href="/s/{SLUG}/land/"' in html
    )
    assert "new_industrial_land_supplied" not in html


def test_firms_join_parks_through_the_enterprise_import_and_the_park_page_shows_them(
    targets, system, cli, city_editor, client_as
):
    from chanye.enterprises.columns import COLUMNS
    from chanye.enterprises.models import Enterprise
    from chanye.enterprises.tests.test_importing import code, csv_file, row, run
    from chanye.per_mu.models import PerMuRuleSet
    from chanye.per_mu.services import per_mu_evaluate
    from chanye.projects.models import Project

    places_load(system=system, user=cli)
    batch = run(system, city_editor, csv_file(
        row(1, name="广州传感甲有限公司", district="增城区", park="智能传感器产业园", land_mu="20", energy_tce="100"),
        row(2, name="广州传感乙有限公司", district="增城区", park="zengcheng_smart_sensor_park", land_mu="10", energy_tce="100", tax="10"),
        row(3, name="广州园外有限公司", district="增城区"),
    ))  # fmt: skip
    assert batch.status == "done", batch.errors
    assert [e.park.key if e.park else None for e in Enterprise.objects.order_by("uscc")] == [
        "zengcheng_smart_sensor_park",
        "zengcheng_smart_sensor_park",
        None,
    ]
    bad = run(system, city_editor, csv_file(row(4, park="不存在的园")))
    letter = __import__("openpyxl").utils.get_column_letter(len(COLUMNS))
    assert (bad.status, bad.errors[0]["column"], bad.errors[0]["value"]) == ("failed", letter, "不存在的园")
    assert (
        bad.errors[0]["message"] == "不是已登记的园区：请填园区名称或标识（见“园区与用地”），不在园区可留空。"
    )
    rule_set = PerMuRuleSet.objects.create(system=system, key="t", name="测试口径", is_default=True, definition={
        "key": "t", "name": "测试口径", "indicators": [{"key": "tax_per_mu", "weight": 100, "benchmark": 1}]})  # fmt: skip
    per_mu_run = per_mu_evaluate(rule_set=rule_set, year=2024, user=city_editor)
    park = Park.objects.get(key="zengcheng_smart_sensor_park")
    Project.objects.create(
        system=system, code="P-1", name="传感器扩产项目", kind="key", district=park.district, park=park
    )
    html = client_as(city_editor).get(park.get_absolute_url()).content.decode()
    assert "园区企业（2）" in html and "广州传感甲有限公司" in html and "广州园外有限公司" not in html
    assert "园区内 2 家企业参加评价" in html and "传感器扩产项目" in html
    run_html = client_as(city_editor).get(per_mu_run.get_absolute_url()).content.decode()
    assert "分园区" in run_html and "智能传感器产业园" in run_html
    firm_html = (
        client_as(city_editor).get(Enterprise.objects.get(uscc=code(1)).get_absolute_url()).content.decode()
    )
    assert "智能传感器产业园" in firm_html


def test_a_land_import_moves_the_targets_status(targets, system, city_editor):
    from chanye.targets.selectors import evaluate_target

    target = Target.objects.get(code="zengcheng_land_integration_annual")
    before = evaluate_target(target, date(2025, 12, 31)).status
    land(system, city_editor, "GZ-3,丙地块,增城区,,产业用地整合,6000,亩,已完成,2025-06-30,")
    target.refresh_from_db()
    after = evaluate_target(target, date(2025, 12, 31))
    assert before == "无数据" and after.status == "已达成" and after.evaluation.actual == Decimal(6000)


def test_demo_records_have_register_codes_without_english(system, cli):
    from chanye.places.demo import places_demo

    places_demo(system=system, user=cli, today=date(2025, 12, 31))
    land_rows = list(LandRecord.objects.filter(origin="demo").values_list("parcel", "on"))
    carriers = list(CarrierRecord.objects.filter(origin="demo").values_list("code", "started_on"))
    for rows, prefix in ((land_rows, "YSDK"), (carriers, "YSZT")):
        codes = [c for c, _ in rows]
        assert len(set(codes)) == len(codes) == len(rows) > 0
        assert all(c.split("-")[0] == prefix and c.split("-")[1] == str(d.year) for c, d in rows)
    assert sorted(c for c, _ in land_rows)[0] == "YSDK-2024-0001"
    assert sorted(c for c, _ in carriers)[0] == "YSZT-2024-0001"
