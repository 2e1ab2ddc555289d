"""亩均效益评价 in the app: rule sets from files, runs over imported figures, pages, export, demo."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from chanye.enterprises.models import Enterprise
from chanye.enterprises.tests.test_importing import code, csv_file, row, run
from chanye.per_mu.models import PerMuResult, PerMuRuleSet, PerMuRun
from chanye.per_mu.services import per_mu_evaluate, rule_sets_load

SLUG = "guangzhou-12218"
FIXED = {
    "key": "huaian-fixed",
    "name": "淮安权重、固定基准（测试）",
    "indicators": [
        {"key": "tax_per_mu", "weight": 45, "benchmark": 20},
        {"key": "revenue_per_mu", "weight": 35, "benchmark": 400},
        {"key": "tax_per_energy", "weight": 20, "benchmark": 1},
    ],
    "exclude": {"industry_prefixes": ["44"]},
}


@pytest.fixture
def rule_set(system):
    return PerMuRuleSet.objects.create(
        system=system, key=FIXED["key"], name=FIXED["name"], definition=FIXED, is_default=True
    )


def _figures(n, *, year="2024", tax="300", revenue="5000", land="10", energy="375", **kw):
    return row(n, year=year, tax=tax, revenue=revenue, land_mu=land, energy_tce=energy, **kw)


@pytest.fixture
def firms(system, city_editor):
    """Firm 1 at the methods §9 example; 2 weaker; 3 a power utility (T); 4 industrial without land
    (missing); 5 a developer without land (out of scope); 6 weakest."""
    batch = run(system, city_editor, csv_file(
        _figures(1, name="广州甲制造有限公司"),
        _figures(2, name="广州乙制造有限公司", tax="100"),
        _figures(3, name="广州丙供电有限公司", industry="4411", scope="电力供应"),
        _figures(4, name="广州丁制造有限公司", land=""),
        _figures(5, name="广州戊房地产有限公司", industry="7010", scope="房地产开发经营", land=""),
        _figures(6, name="广州己制造有限公司", tax="20", revenue="1000"),
        _figures(1, year="2023", name="广州甲制造有限公司", tax="50"),
        _figures(2, year="2023", name="广州乙制造有限公司", tax="400"),
        _figures(6, year="2023", name="广州己制造有限公司", tax="20", revenue="1000"),
    ))  # fmt: skip
    assert batch.status == "done", batch.errors
    return batch


def _result(run, n) -> PerMuResult | None:
    return PerMuResult.objects.filter(run=run, enterprise__uscc=code(n)).first()


def test_shipped_rule_sets_load_once_and_changes_are_recorded(system, cli, tmp_path):
    assert rule_sets_load(system=system, user=cli) == 2
    assert rule_sets_load(system=system, user=cli) == 0
    default = PerMuRuleSet.objects.get(system=system, is_default=True)
    assert default.key == "huaian-2024" and [i["weight"] for i in default.definition["indicators"]] == [
        45,
        35,
        20,
    ]
    # named for its method, not for another city; not (yet) Guangzhou's confirmed method
    assert default.name == "亩均效益综合评价（参照淮安 2024 办法）"
    assert default.definition["confirmed"] is False and default.definition["exclude"]["min_land_mu"] == 3
    changed = tmp_path / "huaian-2024.yaml"
    changed.write_text(
        "key: huaian-2024\ndefault: true\nname: 改名后的淮安口径\nindicators:\n  - {key: tax_per_mu, weight: 100, benchmark: 20}\n",
        encoding="utf-8",
    )
    assert rule_sets_load(system=system, user=cli, directory=tmp_path) == 1
    default.refresh_from_db()
    assert default.name == "改名后的淮安口径"
    assert [h.history_type for h in default.history.order_by("history_id")] == ["+", "~"]


def test_a_bad_rule_file_names_itself_and_loads_nothing(system, cli, tmp_path):
    (tmp_path / "a-good.yaml").write_text(
        "key: good\nname: 好\nindicators:\n  - {key: tax_per_mu, weight: 100, benchmark: 20}\n",
        encoding="utf-8",
    )
    (tmp_path / "b-bad.yaml").write_text(
        "key: bad\nname: 坏\nindicators:\n  - {key: tax_per_mu, weight: 90, benchmark: 20}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as exc:
        rule_sets_load(system=system, user=cli, directory=tmp_path)
    assert exc.value.messages == ["规则文件「b-bad.yaml」「bad」：各指标权重之和为 90，应为 100。"]
    assert not PerMuRuleSet.objects.filter(system=system).exists()


def test_an_evaluation_scores_classes_and_lists_missing_inputs(firms, rule_set, city_editor):
    run_ = per_mu_evaluate(rule_set=rule_set, year=2024, user=city_editor)
    assert (run_.in_scope, run_.rated, run_.excluded, run_.missing) == (5, 3, 1, 1)
    first = _result(run_, 1)
    # three rated firms: percentiles 1/3, 2/3, 1 → B, C, D (A needs p ≤ 0.20)
    assert (first.score, first.rank, first.klass) == (Decimal("127.25"), 1, "B")
    assert [(i["key"], i["value"], i["points"]) for i in first.items] == [
        ("tax_per_mu", "30.0000", "67.50"), ("revenue_per_mu", "500.0000", "43.75"), ("tax_per_energy", "0.8000", "16.00"),
    ]  # fmt: skip
    assert [(_result(run_, n).score, _result(run_, n).klass) for n in (2, 6)] == [
        (Decimal("71.58"), "C"),
        (Decimal("14.32"), "D"),
    ]
    assert (_result(run_, 3).klass, _result(run_, 3).reason) == ("T", "行业代码 4411 属不参评行业（44）")
    assert (_result(run_, 4).klass, _result(run_, 4).score, _result(run_, 4).reason) == (
        "",
        None,
        "缺少数据：用地面积（亩）",
    )
    assert _result(run_, 5) is None  # a developer without land is outside the evaluation
    assert run_.benchmarks == {"tax_per_mu": "20", "revenue_per_mu": "400", "tax_per_energy": "1"}


def test_running_again_replaces_the_run_and_last_year_gives_the_previous_class(firms, rule_set, city_editor):
    old = per_mu_evaluate(rule_set=rule_set, year=2023, user=city_editor)
    assert {n: _result(old, n).klass for n in (1, 2, 6)} == {1: "C", 2: "B", 6: "D"}
    per_mu_evaluate(rule_set=rule_set, year=2024, user=city_editor)
    again = per_mu_evaluate(rule_set=rule_set, year=2024, user=city_editor)
    assert (
        PerMuRun.objects.filter(rule_set=rule_set).count() == 2
        and PerMuResult.objects.filter(run=again).count() == 5
    )
    assert [(_result(again, n).previous_klass, _result(again, n).klass) for n in (1, 2, 6)] == [
        ("C", "B"),
        ("B", "C"),
        ("D", "D"),
    ]
    from chanye.per_mu.selectors import changes

    assert changes(again) == {"up": 1, "down": 1}


def test_only_city_editors_evaluate(firms, rule_set, viewer, client_as):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        per_mu_evaluate(rule_set=rule_set, year=2024, user=viewer)
    response = client_as(viewer).post(
        f"/s/{SLUG}/per-mu/evaluate/", {"rule_set": rule_set.key, "year": "2024"}, follow=True
    )
    assert (
        "只有市级管理员或编辑可以进行亩均评价。" in response.content.decode()
        and not PerMuRun.objects.exists()
    )


def test_a_year_without_figures_is_refused_with_the_fix(firms, rule_set, city_editor, client_as):
    response = client_as(city_editor).post(
        f"/s/{SLUG}/per-mu/evaluate/", {"rule_set": rule_set.key, "year": "2019"}, follow=True
    )
    assert (
        "2019 年没有企业经营数据：请先在“企业 › 导入”上传该年度的数据（用地、税收、营业收入、能耗等）。"
        in response.content.decode()
    )
    assert not PerMuRun.objects.exists()


def test_the_pages_show_classes_districts_breakdowns_and_missing_inputs(
    firms, rule_set, city_editor, client_as
):
    client = client_as(city_editor)
    response = client.post(
        f"/s/{SLUG}/per-mu/evaluate/", {"rule_set": rule_set.key, "year": "2024"}, follow=True
    )
    html = response.content.decode()
    assert "2024 年「淮安权重、固定基准（测试）」评价完成：参评 3 家，不参评 1 家，缺数据 1 家。" in html
    assert (
        "2024 年亩均效益评价" in html
        and "天河区" in html
        and "广州甲制造有限公司" in html
        and "127.25" in html
    )
    run_ = PerMuRun.objects.get()
    assert client.get(f"/s/{SLUG}/per-mu/").url == run_.get_absolute_url()
    missing = client.get(f"/s/{SLUG}/per-mu/{run_.pk}/firms/?klass=missing").content.decode()
    assert (
        "共 1 家" in missing
        and "广州丁制造有限公司" in missing
        and "缺少数据：用地面积（亩）" in missing
        and "广州甲制造" not in missing
    )
    a_class = client.get(f"/s/{SLUG}/per-mu/{run_.pk}/firms/?klass=B&district=440106").content.decode()
    assert "共 1 家" in a_class and "广州甲制造有限公司" in a_class
    detail = client.get(Enterprise.objects.get(uscc=code(1)).get_absolute_url()).content.decode()
    assert (
        "亩均效益评价" in detail
        and "B 类" in detail
        and "亩均税收 30.00 万元/亩（基准 20.00）→ 67.5 分" in detail
    )


def test_the_export_has_every_firm_with_its_items(firms, rule_set, city_editor, client_as):
    run_ = per_mu_evaluate(rule_set=rule_set, year=2024, user=city_editor)
    response = client_as(city_editor).get(f"/s/{SLUG}/per-mu/{run_.pk}/results.xlsx")
    assert response.status_code == 200
    wb = load_workbook(BytesIO(response.content))
    ws = wb["评价结果"]
    header = [c.value for c in ws[1]]
    assert header[:9] == [
        "统一社会信用代码",
        "企业名称",
        "所在区",
        "国民经济行业",
        "类别",
        "上年类别",
        "得分",
        "名次",
        "百分位",
    ]
    assert header[9:11] == ["亩均税收（万元/亩）", "亩均税收得分"]
    first = [c.value for c in ws[2]]
    assert first[:9] == [
        code(1),
        "广州甲制造有限公司",
        "天河区",
        "3973",
        "B 类（鼓励提升）",
        None,
        127.25,
        1,
        0.3333,
    ]
    assert ws.max_row == 6 and "缺数据" in [ws.cell(r, 5).value for r in range(2, 7)]
    assert [c.value for c in wb["规则"][2]][:4] == ["亩均税收", "万元/亩", 45, "20"]


def test_the_demo_evaluates_two_years_labelled_as_demo(system, cli, client_as, viewer):
    from chanye.core.tests.utils import run_demo
    from chanye.per_mu.services import rule_sets_init

    rule_sets_init(user=cli)
    run_demo(system, "enterprises", "per_mu", today=date.today(), enterprises=400)
    runs = list(PerMuRun.objects.order_by("year"))
    assert [r.year for r in runs] == [2023, 2024] and all(r.demo_firms > 0 and r.rated > 0 for r in runs)
    assert PerMuResult.objects.filter(run=runs[1]).exclude(previous_klass="").exists()
    html = client_as(viewer).get(f"/s/{SLUG}/per-mu/", follow=True).content.decode()
    assert "演示数据" in html and "2024 年亩均效益评价" in html


# ---------------------------------------------------------------- numbers a district office can sign

NOTICE = "广州市亩均效益评价的正式口径待确认"


@pytest.fixture
def floored(system):
    """FIXED with the 3 亩 floor of the shipped rule sets."""
    definition = FIXED | {"exclude": {"industry_prefixes": ["44"], "min_land_mu": 3}}
    return PerMuRuleSet.objects.create(
        system=system, key="huaian-floor", name="固定基准、3 亩下限（测试）", definition=definition
    )


def _sliver(system, user):
    # 0.11 亩 with the tax of firm 1: 亩均税收 2,727.27 万元/亩 if it were rated
    batch = run(system, user, csv_file(_figures(7, name="广州庚贸易有限公司", land="0.11")))
    assert batch.status == "done", batch.errors


def test_a_firm_on_a_sliver_of_land_is_listed_not_rated_with_the_reason(
    firms, floored, system, city_editor, client_as
):
    _sliver(system, city_editor)
    run_ = per_mu_evaluate(rule_set=floored, year=2024, user=city_editor)
    assert (run_.in_scope, run_.rated, run_.excluded, run_.missing) == (6, 3, 2, 1)
    sliver = _result(run_, 7)
    assert (sliver.klass, sliver.score, sliver.rank, sliver.reason) == (
        "T",
        None,
        None,
        "用地 0.11 亩，低于参评下限 3 亩",
    )
    # the rated firms are ranked as without it
    assert [(_result(run_, n).rank, _result(run_, n).score) for n in (1, 2, 6)] == [
        (1, Decimal("127.25")),
        (2, Decimal("71.58")),
        (3, Decimal("14.32")),
    ]
    client = client_as(city_editor)
    listed = client.get(f"/s/{SLUG}/per-mu/{run_.pk}/firms/?klass=T").content.decode()
    assert (
        "广州庚贸易有限公司" in listed and "不参评" in listed and "用地 0.11 亩，低于参评下限 3 亩" in listed
    )
    page = client.get(f"/s/{SLUG}/per-mu/{run_.pk}/firms/{sliver.enterprise_id}/").content.decode()
    assert "不参评" in page and "用地 0.11 亩，低于参评下限 3 亩" in page and "升为" not in page


def test_the_firm_evaluation_tells_what_moves_it_a_class(firms, rule_set, city_editor, client_as):
    run_ = per_mu_evaluate(rule_set=rule_set, year=2024, user=city_editor)
    second, last = _result(run_, 2), _result(run_, 6)
    # second (C, 71.58) reaches B at firm 1's 127.25: 0.278333 × 税收 + 43.75 ≥ 127.245 → 税收 299.98
    assert second.flips[0] == {
        "direction": "up",
        "to_class": "B",
        "target": "127.25",
        "input": "tax",
        "change": "200.00",
        "per_mu": "20.00",
        "text": "亩均税收再增加 20.00 万元/亩（税收约 +200.00 万元）可升为 B 类",
    }
    assert [f["text"] for f in second.flips[1:]] == [
        "亩均销售收入再增加 636.14 万元/亩（营业收入约 +6,361.40 万元）可升为 B 类",
        "用地面积减少 4.57 亩（至 5.43 亩）可升为 B 类",
        "综合能耗减少 342.22 吨标准煤（至 32.78 吨标准煤）可升为 B 类",
    ]
    # the last (D, 14.32) reaches C at 71.58: 0.278333 × 税收 + 8.75 ≥ 71.575 → 税收 +205.7186
    assert last.flips[0]["text"] == "亩均税收再增加 20.58 万元/亩（税收约 +205.80 万元）可升为 C 类"
    assert _result(run_, 1).flips == []  # three firms: no rank reaches A, and 55.67 above the B/C line
    page = (
        client_as(city_editor)
        .get(f"/s/{SLUG}/per-mu/{run_.pk}/firms/{second.enterprise_id}/")
        .content.decode()
    )
    assert "C 类（监管调控）" in page and "71.58 分" in page and "第 2 名 / 参评 3 家" in page
    assert "升为 B 类：公布得分需达到 127.25 分（现 71.58 分）" in page
    assert "亩均税收再增加 20.00 万元/亩（税收约 +200.00 万元）可升为 B 类" in page
    assert '亩均税收</td><td class="num">10.00 万元/亩</td><td class="num">20.00 万元/亩</td>' in page
    listed = client_as(city_editor).get(f"/s/{SLUG}/per-mu/{run_.pk}/firms/").content.decode()
    assert f"/s/{SLUG}/per-mu/{run_.pk}/firms/{second.enterprise_id}/" in listed
    from chanye.per_mu.selectors import firm_results  # what the 一企一档 slot hands its template

    (on_file,) = firm_results(second.enterprise)
    assert on_file.evaluation_url == f"/s/{SLUG}/per-mu/{run_.pk}/firms/{second.enterprise_id}/"
    assert on_file.flips[0]["text"].startswith("亩均税收再增加 20.00 万元/亩")


def test_the_pages_say_the_method_is_not_yet_guangzhous_and_show_no_long_decimals(
    firms, rule_set, city_editor, client_as
):
    import re

    run_ = per_mu_evaluate(rule_set=rule_set, year=2024, user=city_editor)
    client = client_as(city_editor)
    second = _result(run_, 2)
    pages = {
        url: client.get(url).content.decode()
        for url in (
            run_.get_absolute_url(),
            f"/s/{SLUG}/per-mu/{run_.pk}/firms/",
            f"/s/{SLUG}/per-mu/{run_.pk}/firms/{second.enterprise_id}/",
        )
    }
    for url, html in pages.items():
        assert NOTICE in html, url
        # 单位能耗税收 of firm 2 is 100 / 375 = 0.26666…: shown 0.27, never 0.2667
        assert not re.findall(r"\d\.\d{3,}", html), (url, re.findall(r".{30}\d\.\d{3,}.{10}", html))
    run_page = pages[run_.get_absolute_url()]
    assert "20.00 万元/亩" in run_page and "45 分" in run_page and "127.25" in run_page
    assert "0.27" in pages[f"/s/{SLUG}/per-mu/{run_.pk}/firms/"]


def test_a_confirmed_rule_set_has_no_notice(firms, rule_set, city_editor, client_as):
    rule_set.definition = FIXED | {"confirmed": True}
    rule_set.save()
    run_ = per_mu_evaluate(rule_set=rule_set, year=2024, user=city_editor)
    assert NOTICE not in client_as(city_editor).get(run_.get_absolute_url()).content.decode()


def test_the_export_notes_the_method_floors_precision_and_flips(
    firms, floored, system, city_editor, client_as
):
    _sliver(system, city_editor)
    run_ = per_mu_evaluate(rule_set=floored, year=2024, user=city_editor)
    wb = load_workbook(
        BytesIO(client_as(city_editor).get(f"/s/{SLUG}/per-mu/{run_.pk}/results.xlsx").content)
    )
    ws = wb["评价结果"]
    header = [c.value for c in ws[1]]
    rows = {ws.cell(r, 2).value: [c.value for c in ws[r]] for r in range(2, ws.max_row + 1)}
    second = dict(zip(header, rows["广州乙制造有限公司"], strict=True))
    assert second["升降档测算"].startswith("亩均税收再增加 20.00 万元/亩（税收约 +200.00 万元）可升为 B 类；")
    sliver = dict(zip(header, rows["广州庚贸易有限公司"], strict=True))
    assert (sliver["类别"], sliver["说明"]) == ("T 类（不参评）", "用地 0.11 亩，低于参评下限 3 亩")
    notes = {r[0].value: r[1].value for r in wb["规则"].iter_rows(min_row=6) if r[0].value}
    assert notes["口径"].startswith(NOTICE)
    assert notes["参评下限"] == "用地 3 亩；营业收入 不设下限"
    assert notes["得分精度"] == "得分四舍五入到 2 位小数后排名、分类，公布得分相同的企业名次、类别相同"
