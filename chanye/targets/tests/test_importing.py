from datetime import date
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest

from chanye.targets.importing import SHEET, import_observations, template_xlsx
from chanye.targets.models import Observation

TARGETS_FILE = "data/systems/guangzhou-12218-targets.yaml"


@pytest.fixture
def loaded(system, cli):
    from chanye.core.history import SOURCE_CLI
    from chanye.targets.definition import parse_targets
    from chanye.targets.selectors import known_refs
    from chanye.targets.services import targets_load

    with open(TARGETS_FILE, encoding="utf-8") as f:
        definition = parse_targets(f.read(), known_refs(system))
    targets_load(definition=definition, system=system, user=cli, source=SOURCE_CLI)
    from chanye.targets.models import Target

    from .conftest import BY_HAND

    Target.objects.filter(code__in=BY_HAND).update(
        computation=""
    )  # typed by hand here (conftest.py says why)
    return system


def _fill(content: bytes, values: dict[int, dict]) -> bytes:
    """Fill data rows of a template: {excel_row: {column_letter: value}}."""
    wb = openpyxl.load_workbook(BytesIO(content))
    ws = wb[SHEET]
    for row, cells in values.items():
        for col, value in cells.items():
            ws[f"{col}{row}"] = value
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def test_template_lists_the_owners_targets_with_dropdowns(loaded):
    content = template_xlsx(system=loaded, owner="district:440106", period_end=date(2025, 6, 30))
    ws = openpyxl.load_workbook(BytesIO(content))[SHEET]
    assert [c.value for c in ws[1]] == [
        "目标代码",
        "责任主体",
        "目标",
        "指标单位",
        "截至日期",
        "周期",
        "实际值",
        "单位",
        "上年同期值",
        "备注",
    ]
    codes = [ws[f"A{r}"].value for r in range(2, ws.max_row + 1)]
    assert codes == ["tianhe_innovation_carriers_3yr", "tianhe_industrial_factory_space_3yr"]
    assert ws["E2"].value.date() == date(2025, 6, 30)
    ranges = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert ranges["F2:F3"] == '"月,季,年"'
    assert "万平方米" in ranges["H2:H3"]


def test_import_converts_units_and_signs_history_with_the_file(loaded, tianhe_editor):
    content = _fill(
        template_xlsx(system=loaded, owner="district:440106", period_end=date(2025, 6, 30)),
        {2: {"G": 1200000, "H": "平方米"}, 3: {"G": 12.5}},
    )
    result = import_observations(
        system=loaded, user=tianhe_editor, file_name="天河6月.xlsx", content=content, dry_run=False
    )
    assert (result.ok, result.rows, result.written) == (True, 2, 2)
    obs = Observation.objects.get(target__code="tianhe_innovation_carriers_3yr")
    assert (obs.value, obs.value_as_entered, obs.unit_as_entered) == (
        Decimal(120),
        Decimal(1200000),
        "平方米",
    )
    assert (obs.origin, obs.file_name, obs.row_number, obs.entered_by) == (
        "import",
        "天河6月.xlsx",
        2,
        tianhe_editor,
    )
    record = obs.history.latest()
    assert (record.history_user, record.source) == (tianhe_editor, "import")


def test_dry_run_reports_what_would_be_written_and_writes_nothing(loaded, tianhe_editor):
    content = _fill(
        template_xlsx(system=loaded, owner="district:440106", period_end=date(2025, 6, 30)),
        {2: {"G": 100}, 3: {"G": 10}},
    )
    before = Observation.history.count()
    result = import_observations(
        system=loaded, user=tianhe_editor, file_name="x.xlsx", content=content, dry_run=True
    )
    assert (result.ok, result.written) == (True, 2)
    assert Observation.objects.count() == 0
    assert Observation.history.count() == before


def test_every_bad_cell_is_listed_and_nothing_is_written(loaded, tianhe_editor):
    content = _fill(
        template_xlsx(system=loaded, owner="district:440106", period_end=date(2025, 6, 30)),
        {
            2: {"G": "一百", "H": "斤"},
            3: {"G": 10, "E": "2025-13-01"},
            4: {"A": "haizhu_llm_enterprises_2025", "E": date(2025, 6, 30), "G": 5},
        },
    )
    result = import_observations(
        system=loaded, user=tianhe_editor, file_name="错.xlsx", content=content, dry_run=False
    )
    assert not result.ok
    messages = [str(e) for e in result.errors]
    assert messages == [
        "工作表「实际值填报」第 2 行 G 列「实际值」值「一百」：不是数字。请只填数字，不要带单位或文字。",
        "工作表「实际值填报」第 2 行 H 列「单位」值「斤」：不认识的单位。可用：个、家、项、条、套、亩、万亩、平方公里、平方米、万平方米、元、万元、亿元、%、个百分点、人、万人。",
        "工作表「实际值填报」第 3 行 E 列「截至日期」值「2025-13-01」：不是有效日期。请写成 2025-06-30 这样的日期。",
        "工作表「实际值填报」第 4 行 A 列「目标代码」值「haizhu_llm_enterprises_2025」：无权填报该目标（责任主体：海珠区）。请只导入本单位的目标。",
    ]
    assert Observation.objects.count() == 0


def test_a_file_that_is_not_excel_is_refused_clearly(loaded, city_editor):
    result = import_observations(
        system=loaded, user=city_editor, file_name="a.csv", content=b"code,value\n", dry_run=False
    )
    assert [e.message for e in result.errors] == [
        "无法读取文件：不是有效的 Excel（.xlsx）文件（BadZipFile）。请用模板另存为 .xlsx 后重试。"
    ]


def test_duplicate_rows_for_one_period_are_refused(loaded, city_editor):
    content = _fill(template_xlsx(system=loaded, owner="city", period_end=date(2025, 6, 30)), {2: {"G": 80}})
    wb = openpyxl.load_workbook(BytesIO(content))
    ws = wb[SHEET]
    ws.append([ws["A2"].value, None, None, None, date(2025, 6, 30), "月", 90, None, None, None])
    out = BytesIO()
    wb.save(out)
    result = import_observations(
        system=loaded, user=city_editor, file_name="dup.xlsx", content=out.getvalue(), dry_run=False
    )
    assert [e.message for e in result.errors if "重复" in e.message] == [
        "与第 2 行重复：同一目标同一截至日期只能填一行。"
    ]
    assert Observation.objects.count() == 0


def test_import_page_shows_the_errors_and_then_imports(loaded, tianhe_editor, client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as(tianhe_editor)
    template = client.get(f"/s/{loaded.slug}/targets/template.xlsx")  # defaults to the editor's district
    assert template.status_code == 200
    bad = _fill(template.content, {2: {"G": "abc"}})
    response = client.post(
        f"/s/{loaded.slug}/targets/import/", {"file": SimpleUploadedFile("天河.xlsx", bad), "mode": "commit"}
    )
    assert response.status_code == 422
    assert "没有写入任何数据" in response.content.decode()
    good = _fill(template.content, {2: {"G": 100}, 3: {"G": 20}})
    response = client.post(
        f"/s/{loaded.slug}/targets/import/", {"file": SimpleUploadedFile("天河.xlsx", good), "mode": "commit"}
    )
    assert response.status_code == 200
    assert "写入 2 条实际值" in response.content.decode()
    assert Observation.objects.filter(target__district__code="440106").count() == 2


# ---------------------------------------------------------------- a template a district can fill


def test_rows_of_the_template_left_blank_are_not_data(loaded, tianhe_editor):
    content = _fill(
        template_xlsx(system=loaded, owner="district:440106", period_end=date(2025, 6, 30)), {2: {"G": 100}}
    )
    result = import_observations(
        system=loaded, user=tianhe_editor, file_name="半张.xlsx", content=content, dry_run=False
    )
    assert (result.ok, result.rows, result.written) == (True, 1, 1)
    assert list(Observation.objects.values_list("target__code", flat=True)) == [
        "tianhe_innovation_carriers_3yr"
    ]


def test_the_template_lists_only_what_the_user_may_fill_and_leaves_computed_targets_out(
    system, targets, tianhe_editor
):
    from chanye.targets.models import Target

    content = template_xlsx(system=system, owner="", period_end=date(2025, 6, 30), user=tianhe_editor)
    wb = openpyxl.load_workbook(BytesIO(content))
    codes = [wb[SHEET][f"A{r}"].value for r in range(2, wb[SHEET].max_row + 1)]
    own = Target.objects.filter(district__code="440106")
    assert codes == [t.code for t in own.filter(computation="").order_by("order")]
    notes = [row for row in wb["填报说明"].iter_rows(values_only=True)]
    computed = [r for r in notes if r[0] == "系统自动计算"]
    assert sorted(r[1] for r in computed) == sorted(str(t) for t in own.exclude(computation=""))
    assert all("不需填报" in r[2] and "/s/guangzhou-12218/" in r[2] for r in computed)


def test_an_empty_template_says_why(system, targets, huangpu_editor):
    content = template_xlsx(
        system=system, owner="district:440112", period_end=date(2025, 6, 30), user=huangpu_editor
    )
    wb = openpyxl.load_workbook(BytesIO(content))
    assert wb[SHEET].max_row == 1  # the headings only
    why = dict((r[0], r[1]) for r in wb["填报说明"].iter_rows(values_only=True) if r[0])
    assert (
        why["本表为空"]
        == "黄埔区在本体系中没有数值目标，没有需要填报的实际值。本区的产业布局、企业、项目、用地和清单进展见区页。"
    )


# ---------------------------------------------------------------- round trip


def test_the_actuals_export_imports_back_unchanged(loaded, tianhe_editor, client_as):
    from chanye.core.tests.utils import history_total

    first = _fill(
        template_xlsx(system=loaded, owner="district:440106", period_end=date(2025, 6, 30)),
        {2: {"G": 1200000, "H": "平方米", "J": "按月报"}, 3: {"G": 12.5, "I": 3}},
    )
    assert import_observations(
        system=loaded, user=tianhe_editor, file_name="6月.xlsx", content=first, dry_run=False
    ).ok
    client = client_as(tianhe_editor)
    exported = client.get(f"/s/{loaded.slug}/targets/actuals.xlsx?owner=district:440106")
    assert exported.status_code == 200
    rows = list(
        openpyxl.load_workbook(BytesIO(exported.content))[SHEET].iter_rows(min_row=2, values_only=True)
    )
    assert [(r[0], r[6], r[7], r[8], r[9]) for r in rows] == [
        ("tianhe_innovation_carriers_3yr", 1200000, "平方米", None, "按月报"),
        ("tianhe_industrial_factory_space_3yr", 12.5, "万平方米", 3, None),
    ]
    before, values = history_total(), list(Observation.objects.order_by("pk").values())

    result = import_observations(
        system=loaded, user=tianhe_editor, file_name="回导.xlsx", content=exported.content, dry_run=False
    )

    assert (result.ok, result.rows, result.written, result.unchanged) == (True, 2, 0, 2)
    assert history_total() == before
    assert list(Observation.objects.order_by("pk").values()) == values
