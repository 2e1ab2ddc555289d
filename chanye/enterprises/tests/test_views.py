"""Enterprise pages: list, 一企一档, manual placement, chain map and gaps, imports on the web."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from chanye.enterprises.models import Enterprise, EnterpriseIndustry, ImportBatch
from chanye.enterprises.services import enterprises_demo, named_enterprises_load

from .test_importing import code, csv_file, row, run

SLUG = "guangzhou-12218"


@pytest.fixture
def demo(system, cli):
    enterprises_demo(system=system, n=600, user=cli)
    named_enterprises_load(system=system, user=cli)
    return system


@pytest.fixture
def imported(system, city_editor):
    return run(system, city_editor, csv_file(
        row(1, name="广州测试新能源汽车有限公司", industry="3612", scope="新能源汽车整车制造", is_chain_leader="是"),
        row(2, name="广州测试房地产开发有限公司", industry="7010", scope="房地产开发经营", district="海珠区"),
    ))  # fmt: skip


def test_the_list_filters_by_district_industry_and_tag(imported, viewer, client_as):
    client = client_as(viewer)
    html = client.get(f"/s/{SLUG}/enterprises/").content.decode()
    assert "共 2 家企业符合条件" in html and "广州测试房地产开发有限公司" in html
    assert "不属于本体系" in html  # the developer is not forced into 21+8
    html = client.get(f"/s/{SLUG}/enterprises/?industry=icv_nev").content.decode()
    assert "共 1 家企业符合条件" in html and "广州测试新能源汽车有限公司" in html and "房地产" not in html
    assert "共 1 家" in client.get(f"/s/{SLUG}/enterprises/?district=440105").content.decode()
    assert "共 1 家" in client.get(f"/s/{SLUG}/enterprises/?tag=is_chain_leader").content.decode()
    assert "共 1 家" in client.get(f"/s/{SLUG}/enterprises/?q=房地产").content.decode()
    assert "共 1 家" in client.get(f"/s/{SLUG}/enterprises/?q={code(2)}").content.decode()


def test_the_enterprise_file_shows_placement_evidence_figures_and_history(imported, viewer, client_as):
    firm = Enterprise.objects.get(uscc=code(1))
    html = client_as(viewer).get(f"/s/{SLUG}/enterprises/{firm.pk}/").content.decode()
    assert '智能网联与新能源汽车</a> <small class="muted">主</small>' in html
    assert "中游 · 整车制造" in html
    assert "3612 整体归入「智能网联与新能源汽车」；环节「整车制造」：按代码" in html
    assert '<td class="num">1200.50</td>' in html
    assert "企业.csv 第 2 行" in html and "链主" in html
    assert "变更记录" in html and "导入" in html


def test_a_firm_named_in_the_article_shows_its_code_as_pending(demo, viewer, client_as):
    firm = Enterprise.objects.get(name="马瑞利")
    html = client_as(viewer).get(f"/s/{SLUG}/enterprises/{firm.pk}/").content.decode()
    assert '统一社会信用代码 <span class="badge pending">待确认</span>' in html
    assert "推动马瑞利全球研发中心加快建设" in html and "花都区" in html
    assert "演示数据" not in html.split("<main")[1].split("变更记录")[0]  # a real firm, not demo data


def test_manual_placement_needs_a_reason_and_an_editor(imported, city_editor, viewer, client_as):
    firm = Enterprise.objects.get(uscc=code(2))
    url = f"/s/{SLUG}/enterprises/{firm.pk}/"
    response = client_as(viewer).post(
        url, {"industries": ["svc_modern_commerce"], "reason": "主业为商业综合体运营"}, follow=True
    )
    assert "只有市级管理员或编辑可以人工归类企业。" in response.content.decode()
    response = client_as(city_editor).post(
        url, {"industries": ["svc_modern_commerce"], "reason": ""}, follow=True
    )
    assert "人工归类必须写明理由" in response.content.decode()
    assert Enterprise.objects.get(pk=firm.pk).override_slugs == ""
    client_as(city_editor).post(
        url, {"industries": ["svc_modern_commerce"], "reason": "主业为商业综合体运营"}
    )
    firm.refresh_from_db()
    assert (firm.override_slugs, firm.industry_slugs, firm.override_reason) == (
        "svc_modern_commerce",
        "svc_modern_commerce",
        "主业为商业综合体运营",
    )
    assert list(
        EnterpriseIndustry.objects.filter(enterprise=firm).values_list("industry__slug", flat=True)
    ) == ["svc_modern_commerce"]
    last = firm.history.order_by("-history_id").first()
    assert (last.history_type, last.history_user, last.override_slugs, last.source) == (
        "~",
        city_editor,
        "svc_modern_commerce",
        "web",
    )


def test_reclassification_keeps_manual_placements_and_reports_moves(imported, system, city_editor, cli):
    from chanye.enterprises.classification import placement_set, reclassify_all

    developer = Enterprise.objects.get(uscc=code(2))
    placement_set(
        user=city_editor,
        enterprise=developer,
        slugs=["svc_modern_commerce"],
        segment_key="",
        reason="商业综合体运营",
    )
    maker = Enterprise.objects.get(uscc=code(1))
    Enterprise.objects.filter(pk=maker.pk).update(
        industry_slugs="", segment=None, class_evidence=""
    )  # as if an older concordance missed it
    moves = reclassify_all(system=system, user=cli, source="cli")
    assert (moves.firms, moves.changed, moves.newly_placed, moves.unplaced) == (1, 1, 1, 0)
    assert moves.by_industry == {"icv_nev": (1, 0)}
    assert Enterprise.objects.get(pk=maker.pk).industry_slugs == "icv_nev"
    assert Enterprise.objects.get(pk=developer.pk).industry_slugs == "svc_modern_commerce"


def test_the_chain_map_scores_segments_and_exports_the_gap_list(demo, viewer, client_as):
    client = client_as(viewer)
    html = client.get(f"/s/{SLUG}/industries/icv_nev/chain/").content.decode()
    assert "产业链图谱" in html and "缺链、弱链（招商方向）" in html and "演示数据" in html
    assert "整车制造" in html and "chain-map" in html
    response = client.get(f"/s/{SLUG}/industries/icv_nev/chain/gaps.xlsx")
    ws = load_workbook(BytesIO(response.content))["招商缺链清单"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 8  # every segment of the chain, weakest first
    order = {"缺链": 0, "弱链": 1, "一般": 2, "较强": 3}
    assert [order[r[2]] for r in rows] == sorted(order[r[2]] for r in rows)
    assert all(r[5] == 0 for r in rows if r[2] == "缺链")


def test_industry_district_and_overview_pages_show_enterprise_figures(demo, viewer, client_as):
    client = client_as(viewer)
    for url in (f"/s/{SLUG}/industries/icv_nev/", f"/s/{SLUG}/districts/440106/", f"/s/{SLUG}/"):
        html = client.get(url).content.decode()
        assert '<h2>企业 <span class="badge demo">含演示数据</span></h2>' in html, url
        assert "研发强度" in html
    assert "本区企业最多的产业" in client.get(f"/s/{SLUG}/districts/440106/").content.decode()


def test_a_small_upload_is_imported_at_once_and_a_bad_one_lists_its_errors(
    system, city_editor, viewer, client_as
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as(city_editor)
    good = SimpleUploadedFile("企业.csv", csv_file(row(1), row(2)), content_type="text/csv")
    response = client.post(f"/s/{SLUG}/enterprises/import/", {"file": good}, follow=True)
    html = response.content.decode()
    assert "已导入：新增企业 <b>2</b> 家" in html and Enterprise.objects.count() == 2
    bad = SimpleUploadedFile("坏文件.csv", csv_file(row(3, district="深圳")), content_type="text/csv")
    html = client.post(f"/s/{SLUG}/enterprises/import/", {"file": bad}, follow=True).content.decode()
    assert "共 1 处错误，<b>未写入任何数据</b>" in html and "不是本市的区" in html
    assert Enterprise.objects.count() == 2
    forbidden = client_as(viewer).post(
        f"/s/{SLUG}/enterprises/import/", {"file": SimpleUploadedFile("x.csv", csv_file(row(4)))}
    )
    assert forbidden.status_code == 403


def test_a_large_upload_runs_in_the_background_with_progress(
    system,
    city_editor,
    client_as,
    monkeypatch,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
    run_worker,
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django_tasks_db.models import DBTaskResult

    import chanye.enterprises.views as views

    settings.DATA_DIR = tmp_path
    monkeypatch.setattr(views, "INLINE_BYTES", 10)
    client = client_as(city_editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/s/{SLUG}/enterprises/import/",
            {"file": SimpleUploadedFile("大文件.csv", csv_file(row(1), row(2), row(3)))},
        )
    batch = ImportBatch.objects.get()
    queued = DBTaskResult.objects.get()
    assert (queued.task_path, queued.args_kwargs, queued.status) == (
        "chanye.enterprises.tasks.run_import_batch",
        {"args": [batch.pk], "kwargs": {}},
        "READY",
    )
    assert response.url == f"/s/{SLUG}/enterprises/import/{batch.pk}/"
    waiting = client.get(response.url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in waiting and "排队中" in waiting
    run_worker()  # what `chanye worker` does with the queue
    done = client.get(response.url, HTTP_HX_REQUEST="true").content.decode()
    assert "every 1s" not in done and "新增企业 <b>3</b> 家" in done and 'style="width: 100%"' in done
    assert not (tmp_path / "imports" / f"{batch.pk}.upload").exists()
    queued.refresh_from_db()
    assert (queued.status, queued.return_value) == ("SUCCESSFUL", "大文件.csv：完成，新增 3，更新 0。")


def test_the_xlsx_template_has_dropdowns_and_imports_once_filled(system, city_editor, client_as):
    from chanye.enterprises.columns import COLUMNS

    content = client_as(city_editor).get(f"/s/{SLUG}/enterprises/template.xlsx").content
    wb = load_workbook(BytesIO(content))
    ws = wb["企业"]
    assert [c.value for c in ws[1]] == [c.heading for c in COLUMNS]
    formulas = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert '"是,否"' in formulas and "=选项!$A$1:$A$11" in formulas
    values = {
        "uscc": code(7),
        "name": "广州模板测试有限公司",
        "district": "南沙区",
        "industry_code": "3973",
        "year": 2024,
        "revenue": 88,
    }
    for i, c in enumerate(COLUMNS, start=1):
        ws.cell(row=2, column=i, value=values.get(c.field))
    out = BytesIO()
    wb.save(out)
    batch = run(system, city_editor, out.getvalue(), name="模板.xlsx")
    assert (batch.status, batch.created, batch.figures) == ("done", 1, 1)
    assert Enterprise.objects.get(uscc=code(7)).district.name_zh == "南沙区"


def test_the_api_lists_firms_with_their_placement_and_demo_flag(demo, imported, viewer, client_as):
    client = client_as(viewer)
    body = client.get("/api/v1/enterprises?industry=icv_nev&limit=500").json()
    assert body["count"] == len(body["items"]) > 1
    assert all("icv_nev" in item["industries"] for item in body["items"])
    mine = next(i for i in body["items"] if i["uscc"] == code(1))
    assert (mine["segment"], mine["classification_confidence"], mine["demo_data"], mine["tags"]) == (
        "vehicle_manufacturing",
        0.95,
        False,
        ["链主"],
    )
    assert any(i["demo_data"] and i["origin"] == "demo" for i in body["items"])
    marelli = Enterprise.objects.get(name="马瑞利")
    detail = client.get(f"/api/v1/enterprises/{marelli.pk}").json()
    assert (detail["uscc"], detail["origin"], detail["demo_data"], detail["figures"]) == (
        None,
        "document",
        False,
        [],
    )
    firm = client.get(f"/api/v1/enterprises/{Enterprise.objects.get(uscc=code(1)).pk}").json()
    assert [(f["year"], f["revenue"]) for f in firm["figures"]] == [(2024, "1200.50")]
    assert client.get("/api/v1/enterprises/999999").status_code == 404


def test_list_counts_come_from_the_rollups_and_agree_with_the_registry(demo, viewer, client_as):
    import re

    client = client_as(viewer)
    for query, qs in [
        ("", Enterprise.objects.all()),
        ("?district=440106", Enterprise.objects.filter(district__code="440106")),
        ("?industry=icv_nev", Enterprise.objects.filter(placements__industry__slug="icv_nev")),
        (
            "?industry=icv_nev&segment=vehicle_manufacturing",
            Enterprise.objects.filter(
                placements__industry__slug="icv_nev", placements__segment__key="vehicle_manufacturing"
            ),
        ),
        (
            "?industry=icv_nev&district=440114",
            Enterprise.objects.filter(placements__industry__slug="icv_nev", district__code="440114"),
        ),
    ]:
        html = client.get(f"/s/{SLUG}/enterprises/{query}").content.decode()
        shown = int(re.search(r"共 (\d+) 家企业符合条件", html).group(1))
        assert shown == qs.count() > 0, query


def test_cached_enterprise_pages_follow_a_manual_placement(imported, city_editor, viewer, client_as):
    from chanye.enterprises.classification import placement_set

    firm = Enterprise.objects.get(uscc=code(2))
    client = client_as(viewer)
    for _ in range(2):  # the second view is served from the cache
        assert "不属于本体系" in client.get(f"/s/{SLUG}/enterprises/{firm.pk}/").content.decode()
        assert "共 1 家" in client.get(f"/s/{SLUG}/enterprises/?industry=icv_nev").content.decode()
    placement_set(
        user=city_editor, enterprise=firm, slugs=["icv_nev"], segment_key="", reason="已转产新能源汽车零部件"
    )
    assert "已转产新能源汽车零部件" in client.get(f"/s/{SLUG}/enterprises/{firm.pk}/").content.decode()
    assert "共 2 家" in client.get(f"/s/{SLUG}/enterprises/?industry=icv_nev").content.decode()


def test_enterprises_is_a_chanye_command(capsys):
    """The launched process runs `python -m chanye.cli enterprises run-batch N`: the CLI must know it."""
    from chanye.cli import main as cli_main

    with pytest.raises(SystemExit) as exit_:
        cli_main(["enterprises", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "run-batch" in out and "classify" in out and "reclassify" in out


def _scale_shown(html: str) -> str:
    return html.split("<dt>规模</dt><dd>")[1].split("</dd>")[0]


def test_the_scale_of_a_firm_no_source_gives_is_shown_as_unknown(demo, imported, viewer, client_as):
    client = client_as(viewer)
    named = Enterprise.objects.get(name="广汽埃安")  # named in the article, which gives no scale
    assert named.above_scale is None
    assert _scale_shown(client.get(named.get_absolute_url()).content.decode()) == "未知"
    below = Enterprise.objects.get(uscc=code(1))  # the file says 否
    assert below.above_scale is False
    assert _scale_shown(client.get(below.get_absolute_url()).content.decode()) == "规下企业"
    above = Enterprise.objects.filter(origin="demo", above_scale=True).first()
    assert _scale_shown(client.get(above.get_absolute_url()).content.decode()) == "规上企业"
    body = client.get(f"/api/v1/enterprises/{named.pk}").json()
    assert body["above_scale"] is None


def test_an_import_fills_in_the_scale_of_a_firm_whose_scale_was_unknown(system, city_editor):
    firm = Enterprise.objects.create(
        system=system, uscc=code(7), name="广州测试科技有限公司", origin="manual"
    )
    assert firm.above_scale is None
    done = run(system, city_editor, csv_file(row(7)))  # 规上企业 = 否, all else as registered
    firm.refresh_from_db()
    assert (done.updated, firm.above_scale) == (1, False)


def test_demo_firms_draw_codes_only_from_the_industries_allowed(system, cli):
    from chanye.enterprises.concordance import concordance_for
    from chanye.enterprises.demo import OTHER_CODES, demo_rows

    districts = list(system.districts.values_list("code", "name_zh"))
    concordance = concordance_for(system)
    # enterprises_demo allows the confirmed industries only; here one, to see the filter work.
    rows = list(demo_rows(2000, districts=districts, concordance=concordance, allowed={"icv_nev"}))
    icv = next(ind for ind in concordance.industries if ind.slug == "icv_nev")
    drawn = {r[3] for r in rows} - set(OTHER_CODES)
    assert drawn and drawn <= set(icv.whole) | {rule.code for rule in icv.partial}
    assert len({r[3] for r in rows} & set(OTHER_CODES)) > 10  # firms outside the system still come

    enterprises_demo(system=system, n=600, user=cli)
    pending = EnterpriseIndustry.objects.filter(enterprise__origin="demo", industry__status="pending")
    assert EnterpriseIndustry.objects.filter(enterprise__origin="demo").count() > 300 and not pending.exists()
