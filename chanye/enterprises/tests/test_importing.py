"""Enterprise import: upsert by credit code, history in bulk, precise errors, nothing partial."""

import pytest

from chanye.analytics import uscc
from chanye.enterprises.columns import COLUMNS
from chanye.enterprises.importing import import_enterprises, start_batch
from chanye.enterprises.models import Enterprise, EnterpriseFigure, EnterpriseRollup

HEADER = ",".join(c.heading for c in COLUMNS)
EMPTY_TAIL = ["否"] * 8


def code(n: int, division: str = "440106") -> str:
    body = f"91{division}{n:09d}"
    return body + uscc.check_char(body)


def row(
    n,
    name="广州测试科技有限公司",
    district="天河区",
    industry="3973",
    scope="集成电路制造",
    year="2024",
    revenue="1200.5",
    employees="35",
    **kw,
):
    values = {
        "uscc": code(n), "name": name, "district": district, "industry_code": industry, "business_scope": scope, "main_products": "",
        "founded_on": "2015-06-30", "year": year, "quarter": "", "output_value": "", "revenue": revenue, "tax": "60", "rd_spend": "",
        "employees": employees, "land_mu": "", "energy_tce": "", "park": "",
    } | kw  # fmt: skip
    flags = [values.pop(c.field, "否") for c in COLUMNS if c.kind == "bool"]
    ordered = []
    for c in COLUMNS:
        if c.kind == "bool":
            ordered.append(flags.pop(0))
        else:
            ordered.append(str(values[c.field]))
    return ",".join(ordered)


def csv_file(*rows, header=HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def run(system, user, content: bytes, *, dry_run=False, name="企业.csv"):
    batch = start_batch(system=system, user=user, file_name=name, content=content, dry_run=dry_run)
    return import_enterprises(batch=batch, content=content)


@pytest.fixture
def firms(system, city_editor):
    content = csv_file(
        row(1),
        row(1, year="2023", revenue="900"),
        row(2, name="广州第二测试有限公司", district="440105", is_srdi="是"),
        row(3, district="黄埔"),
    )
    return run(system, city_editor, content)


def test_a_good_file_creates_firms_figures_and_history(firms, city_editor):
    assert (firms.status, firms.created, firms.updated, firms.unchanged, firms.figures, firms.rows_total) == (
        "done",
        3,
        0,
        0,
        4,
        4,
    )
    first = Enterprise.objects.get(uscc=code(1))
    assert (first.name, first.district.name_zh, str(first.founded_on), first.origin, first.import_row) == (
        "广州测试科技有限公司",
        "天河区",
        "2015-06-30",
        "import",
        2,
    )
    assert Enterprise.objects.get(uscc=code(2)).tags == ["专精特新"]
    assert Enterprise.objects.get(uscc=code(3)).district.name_zh == "黄埔区"
    assert [(f.year, f.revenue, f.employees) for f in first.figures.order_by("year")] == [
        (2023, 900, 35),
        (2024, __import__("decimal").Decimal("1200.50"), 35),
    ]
    history = Enterprise.history.filter(uscc=code(1)).get()
    assert (history.history_type, history.history_user, history.source, history.name) == (
        "+",
        city_editor,
        "import",
        "广州测试科技有限公司",
    )
    assert EnterpriseFigure.history.filter(history_type="+").count() == 4


def test_reimporting_the_same_file_changes_nothing(firms, system, city_editor):
    again = run(
        system,
        city_editor,
        csv_file(
            row(1),
            row(1, year="2023", revenue="900"),
            row(2, name="广州第二测试有限公司", district="440105", is_srdi="是"),
            row(3, district="黄埔"),
        ),
    )
    assert (again.created, again.updated, again.unchanged, again.figures) == (0, 0, 3, 0)
    assert Enterprise.history.count() == 3 and EnterpriseFigure.history.count() == 4


def test_a_changed_row_updates_in_place_with_a_history_row(firms, system, city_editor):
    changed = run(system, city_editor, csv_file(row(1, name="广州测试科技股份有限公司", revenue="1300")))
    assert (changed.created, changed.updated, changed.unchanged, changed.figures) == (0, 1, 0, 1)
    assert Enterprise.objects.get(uscc=code(1)).name == "广州测试科技股份有限公司"
    latest = Enterprise.history.filter(uscc=code(1)).order_by("-history_id").first()
    assert (latest.history_type, latest.name) == ("~", "广州测试科技股份有限公司")
    assert EnterpriseFigure.history.filter(history_type="~").get().revenue == 1300


def test_a_dry_run_reports_and_writes_nothing(system, city_editor):
    batch = run(system, city_editor, csv_file(row(1), row(2)), dry_run=True)
    assert (batch.status, batch.dry_run, batch.created, batch.figures) == ("done", True, 2, 2)
    assert Enterprise.objects.count() == 0 and Enterprise.history.count() == 0


def test_rollups_follow_the_import(firms, system):
    total = EnterpriseRollup.objects.get(system=system, level="all")
    assert (total.firms, total.srdi, total.year, total.revenue, total.employees) == (
        3,
        1,
        2024,
        __import__("decimal").Decimal("3601.50"),
        105,
    )
    tianhe = EnterpriseRollup.objects.get(system=system, level="district", district__code="440106")
    assert tianhe.firms == 1


def test_a_gbk_file_from_excel_is_read(system, city_editor):
    batch = run(system, city_editor, csv_file(row(1), row(2)).decode("utf-8").encode("gbk"))
    assert (batch.status, batch.created) == ("done", 2)
    assert Enterprise.objects.get(uscc=code(1)).name == "广州测试科技有限公司"


BAD = [
    pytest.param(
        csv_file(row(1), header=HEADER.replace("企业名称", "公司名")),
        "文件「企业.csv」表头有误：第 1 行 B 列表头「公司名」不是模板中的列；缺少必填列：企业名称。请下载模板，不要修改第 1 行的列名。",
        id="wrong-header",
    ),
    pytest.param(
        csv_file(row(1).replace(code(1), code(1)[:-1] + ("0" if code(1)[-1] != "0" else "1"))),
        "第 2 行 A 列「统一社会信用代码」值「{bad}」：校验码应为「{good}」，实际为「{last}」（可能有字符录错）。请对照营业执照核对。",
        id="bad-credit-code",
    ),
    pytest.param(
        csv_file(row(1, district="深圳南山区")),
        "第 2 行 C 列「所在区」值「深圳南山区」：不是本市的区。请填区名（越秀区、海珠区、荔湾区、天河区、白云区、黄埔区、番禺区、花都区、南沙区、从化区、增城区）或其六位行政区划代码。",
        id="unknown-district",
    ),
    pytest.param(
        csv_file(row(1), row(2), row(1)),
        "第 4 行 A 列「统一社会信用代码」值「{code1}」：与第 2 行是同一企业同一期：每家企业每期只能有一行，请删除或合并。",
        id="duplicate-code",
    ),
    pytest.param(
        csv_file(row(1, revenue="约1200万")),
        "第 2 行 S 列「营业收入（万元）」值「约1200万」：不是数字：只填数字，不要带单位或文字（单位见表头）。",
        id="non-numeric",
    ),
    pytest.param(b"", "文件「企业.csv」是空的：没有表头，也没有数据行。", id="empty-file"),
    pytest.param(HEADER.encode("utf-8") + b"\n", "文件「企业.csv」只有表头，没有数据行。", id="header-only"),
    pytest.param(
        csv_file(row(1)).decode("utf-8").encode("utf-16"),
        "文件「企业.csv」第 1 行无法识别编码（既不是 UTF-8，也不是 GBK/GB18030）。请在 Excel 中“另存为”→“CSV UTF-8（逗号分隔）”，或直接上传 .xlsx 模板。",
        id="wrong-encoding",
    ),
]


@pytest.mark.parametrize("content, message", BAD)
def test_bad_files_are_refused_with_the_place_and_change_nothing(
    firms, system, city_editor, content, message
):
    before = list(Enterprise.objects.order_by("pk").values_list("uscc", "name", "district_id"))
    history = (Enterprise.history.count(), EnterpriseFigure.history.count())
    batch = run(system, city_editor, content)
    good = code(1)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    expected = message.format(bad=bad, good=good[-1], last=bad[-1], code1=good)
    assert batch.status == "failed"
    assert expected in [e["message"] if e.get("row") is None else _line(e) for e in batch.errors]
    assert list(Enterprise.objects.order_by("pk").values_list("uscc", "name", "district_id")) == before
    assert (Enterprise.history.count(), EnterpriseFigure.history.count()) == history


def _line(e):
    return (
        f"第 {e['row']} 行 {e['column']} 列「{e['heading']}」值「{e['value'] or '（空）'}」：{e['message']}"
    )


def test_every_error_of_a_file_is_listed(system, city_editor):
    batch = run(
        system,
        city_editor,
        csv_file(
            row(1, founded_on="2015-13-45", employees="3.5"), row(2, is_listed="也许", year="", revenue="5")
        ),
    )
    assert batch.error_count == 4
    assert [(e["row"], e["heading"]) for e in batch.errors] == [
        (2, "成立日期"),
        (2, "从业人员（人）"),
        (3, "上市"),
        (3, "年度"),
    ]


def test_a_failure_while_writing_leaves_nothing(system, city_editor, monkeypatch):
    import chanye.enterprises.importing as importing

    def broken(*args, **kwargs):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(importing, "_write_placements", broken)
    batch = start_batch(system=system, user=city_editor, file_name="企业.csv", content=b"x", dry_run=False)
    with pytest.raises(RuntimeError):
        import_enterprises(batch=batch, content=csv_file(row(1), row(2)))
    batch.refresh_from_db()
    assert batch.status == "error" and "未写入任何数据" in batch.errors[0]["message"]
    assert (
        Enterprise.objects.count() == 0
        and Enterprise.history.count() == 0
        and EnterpriseFigure.objects.count() == 0
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_a_stored_upload_is_read_from_disk_in_any_accepted_encoding(system, city_editor, tmp_path, encoding):
    path = tmp_path / "企业.csv"
    path.write_bytes(csv_file(row(1), row(2)).decode("utf-8").encode(encoding))
    batch = start_batch(system=system, user=city_editor, file_name=path.name, content=b"", dry_run=False)
    batch = import_enterprises(batch=batch, path=path)
    assert (batch.status, batch.created) == ("done", 2)
    assert Enterprise.objects.get(uscc=code(1)).name == "广州测试科技有限公司"


def test_an_empty_stored_upload_is_refused(system, city_editor, tmp_path):
    path = tmp_path / "空.csv"
    path.write_bytes(b"")
    batch = import_enterprises(
        batch=start_batch(system=system, user=city_editor, file_name=path.name, content=b"", dry_run=False),
        path=path,
    )
    assert (
        batch.status == "failed"
        and batch.errors[0]["message"] == "文件「空.csv」是空的：没有表头，也没有数据行。"
    )


@pytest.fixture
def tiny_chunks(monkeypatch):
    import chanye.enterprises.reading as reading

    monkeypatch.setattr(reading, "CHUNK_ROWS", 2)


def test_a_file_read_in_chunks_counts_and_writes_each_firm_once(system, city_editor, tmp_path, tiny_chunks):
    path = tmp_path / "企业.csv"
    # Firm 1 has rows in the first and the third chunk; the second run updates firm 2 only.
    path.write_bytes(csv_file(row(1), row(2), row(3), row(4), row(1, year="2023", revenue="900")))
    first = import_enterprises(
        batch=start_batch(system=system, user=city_editor, file_name=path.name, content=b"", dry_run=False),
        path=path,
    )
    assert (first.status, first.created, first.updated, first.unchanged, first.figures, first.rows_total) == (
        "done",
        4,
        0,
        0,
        5,
        5,
    )
    assert Enterprise.history.count() == 4 and EnterpriseFigure.history.count() == 5
    assert sorted(Enterprise.objects.get(uscc=code(1)).figures.values_list("year", flat=True)) == [2023, 2024]
    path.write_bytes(
        csv_file(row(1), row(2, name="广州改名有限公司"), row(3), row(4), row(1, year="2023", revenue="900"))
    )
    dry = import_enterprises(
        batch=start_batch(system=system, user=city_editor, file_name=path.name, content=b"", dry_run=True),
        path=path,
    )
    assert (dry.created, dry.updated, dry.unchanged, dry.figures) == (0, 1, 3, 0)
    second = import_enterprises(
        batch=start_batch(system=system, user=city_editor, file_name=path.name, content=b"", dry_run=False),
        path=path,
    )
    assert (second.created, second.updated, second.unchanged, second.figures) == (0, 1, 3, 0)
    assert [h.history_type for h in Enterprise.history.filter(uscc=code(2)).order_by("history_id")] == [
        "+",
        "~",
    ]
    assert Enterprise.history.count() == 5


def test_checks_across_chunks_name_the_rows(system, city_editor, tmp_path, tiny_chunks):
    path = tmp_path / "企业.csv"
    path.write_bytes(
        csv_file(row(1), row(2), row(3), row(2), row(1, year="2023", name="广州另一个名字有限公司"))
    )
    batch = import_enterprises(
        batch=start_batch(system=system, user=city_editor, file_name=path.name, content=b"", dry_run=False),
        path=path,
    )
    assert batch.status == "failed"
    assert [_line(e) for e in batch.errors] == [
        f"第 5 行 A 列「统一社会信用代码」值「{code(2)}」：与第 3 行是同一企业同一期：每家企业每期只能有一行，请删除或合并。",
        "第 6 行 B 列「企业名称」值「广州另一个名字有限公司」：同一企业（第 2 行）的「企业名称」与此不同：同一企业各行的基本信息须一致。",
    ]
    assert Enterprise.objects.count() == 0


def test_keys_kept_by_django_leave_no_orphans(firms, system):
    from django.db import connection

    from chanye.enterprises.models import EnterpriseIndustry
    from chanye.enterprises.selectors import orphan_counts

    counts = orphan_counts()
    assert len(counts) == 11 and set(counts.values()) == {0}
    first = Enterprise.objects.get(uscc=code(1))
    assert first.figures.count() == 2 and first.placements.count() >= 1
    first.delete()  # Django applies on_delete=CASCADE to figures and placements
    assert EnterpriseFigure.objects.filter(enterprise_id=first.pk).count() == 0
    assert EnterpriseIndustry.objects.filter(enterprise_id=first.pk).count() == 0
    assert set(orphan_counts().values()) == {0}
    with connection.cursor() as cursor:  # a write around Django is what the check is for
        cursor.execute(
            f'UPDATE "{EnterpriseFigure._meta.db_table}" SET enterprise_id = %s WHERE id = %s',
            [10**9, EnterpriseFigure.objects.first().pk],
        )
    assert orphan_counts()["EnterpriseFigure.enterprise"] == 1


def test_the_checked_chunks_kept_between_passes_are_removed(
    system, city_editor, tmp_path, tiny_chunks, settings
):
    from pathlib import Path

    path = tmp_path / "企业.csv"
    path.write_bytes(csv_file(row(1), row(2), row(3), row(4), row(5)))
    done = import_enterprises(
        batch=start_batch(system=system, user=city_editor, file_name=path.name, content=b"", dry_run=False),
        path=path,
    )
    assert (done.status, done.created) == ("done", 5)
    path.write_bytes(
        csv_file(row(6), row(7), row(8), row(9, district="深圳"))
    )  # the error is in the second chunk
    failed = import_enterprises(
        batch=start_batch(system=system, user=city_editor, file_name=path.name, content=b"", dry_run=False),
        path=path,
    )
    assert failed.status == "failed" and failed.errors[0]["row"] == 5 and Enterprise.objects.count() == 5
    assert list((Path(settings.DATA_DIR) / "imports").glob("spill-*")) == []
