from io import BytesIO

import openpyxl

from chanye.industries.models import Industry, SupportItem


def _history_count(model):
    return model.history.count()


def test_industry_page_draws_its_chain_upstream_to_downstream(client_as, viewer, system):
    industry = system.industries.get(slug="icv_nev")
    response = client_as(viewer).get(industry.get_absolute_url())
    option = response.context["chain_option"]
    nodes = option["series"][0]["data"]
    assert [n["name"] for n in nodes] == list(industry.segments.values_list("name_zh", flat=True))
    columns = {n["stage"]: n["value"][0] for n in nodes}
    assert columns == {"上游": 0, "中游": 1, "下游": 2}
    # Every link runs one stage downstream.
    links = option["series"][0]["links"]
    assert links and all(
        nodes[link["target"]]["value"][0] == nodes[link["source"]]["value"][0] + 1 for link in links
    )
    html = response.content.decode()
    assert "智能网联与新能源汽车产业发展办公室" in html
    assert "天河区" in html  # a district that prioritises it
    assert "S01" in html  # its sources


def test_pending_industry_page_says_it_is_unconfirmed(client_as, viewer, system):
    industry = system.industries.get(slug="future_tbd_6")
    html = client_as(viewer).get(industry.get_absolute_url()).content.decode()
    assert "尚未核实的席位" in html
    for candidate in industry.candidates_zh:
        assert candidate in html


def test_viewer_cannot_edit_an_industry_page(client_as, viewer, system):
    industry = system.industries.get(slug="artificial_intelligence")
    before = _history_count(Industry)
    response = client_as(viewer).post(
        industry.get_absolute_url(), {"leader_zh": "某某", "contact_zh": "", "work_note_zh": ""}
    )
    assert response.status_code == 403
    assert "无权修改产业「人工智能」" in response.content.decode()
    industry.refresh_from_db()
    assert industry.leader_zh == ""
    assert _history_count(Industry) == before


def test_office_editor_edits_its_industry_page_with_a_web_history_row(client_as, office_editor, system):
    industry = system.industries.get(slug="artificial_intelligence")
    response = client_as(office_editor).post(
        industry.get_absolute_url(), {"leader_zh": "市领导甲", "contact_zh": "", "work_note_zh": ""}
    )
    assert response.status_code == 302
    industry.refresh_from_db()
    assert industry.leader_zh == "市领导甲"
    record = industry.history.latest()
    assert (record.history_type, record.history_user, record.source) == ("~", office_editor, "web")


def test_office_editor_cannot_edit_another_industry_page(client_as, office_editor, system):
    industry = system.industries.get(slug="icv_nev")
    response = client_as(office_editor).post(
        industry.get_absolute_url(), {"leader_zh": "x", "contact_zh": "", "work_note_zh": ""}
    )
    assert response.status_code == 403
    industry.refresh_from_db()
    assert industry.leader_zh == ""


def test_matrix_shows_industries_by_twelve_items_and_filters_by_group(client_as, viewer, system):
    client = client_as(viewer)
    response = client.get(f"/s/{system.slug}/package/")
    assert len(response.context["rows"]) == 29
    assert len(response.context["items"]) == 12
    partial = client.get(f"/s/{system.slug}/package/?group=future", HTTP_HX_REQUEST="true")
    assert [row[0].slug for row in partial.context["rows"]] == list(
        system.industries.filter(group__key="future").values_list("slug", flat=True)
    )
    assert "<html" not in partial.content.decode()  # htmx gets the partial only


def test_matrix_filters_by_office(client_as, viewer, system):
    response = client_as(viewer).get(f"/s/{system.slug}/package/?office=office_display_ic")
    assert [row[0].slug for row in response.context["rows"]] == ["uhd_video_display", "semiconductors_ic"]


def test_matrix_cell_edit_in_place_by_the_owning_office(client_as, office_editor, system):
    cell = SupportItem.objects.get(
        industry__slug="artificial_intelligence", item__key="investment_attraction_list"
    )
    client = client_as(office_editor)
    form = client.get(f"/support-items/{cell.pk}/cell/?edit=1", HTTP_HX_REQUEST="true")
    assert "<form" in form.content.decode()
    response = client.post(
        f"/support-items/{cell.pk}/cell/",
        {
            "status": "in_progress",
            "owner_zh": "市商务局",
            "evidence": "招商清单2025.xlsx",
            "due_date": "2025-06-30",
            "note": "",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "编制中" in response.content.decode()
    cell.refresh_from_db()
    assert (cell.status, cell.owner_zh, str(cell.due_date)) == ("in_progress", "市商务局", "2025-06-30")
    record = cell.history.latest()
    assert (record.history_user, record.source) == (office_editor, "web")


def test_matrix_cell_edit_refused_outside_the_office(client_as, office_editor, system):
    cell = SupportItem.objects.get(industry__slug="icv_nev", item__key="plan")
    response = client_as(office_editor).post(
        f"/support-items/{cell.pk}/cell/",
        {"status": "done", "owner_zh": "", "evidence": "", "due_date": "", "note": ""},
    )
    assert response.status_code == 403
    cell.refresh_from_db()
    assert cell.status == "not_started"


def test_matrix_cell_bad_date_is_a_form_error_not_a_500(client_as, city_editor, system):
    cell = SupportItem.objects.get(industry__slug="icv_nev", item__key="plan")
    response = client_as(city_editor).post(
        f"/support-items/{cell.pk}/cell/",
        {"status": "done", "owner_zh": "", "evidence": "", "due_date": "2025-13-45", "note": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "有效的日期" in response.content.decode() or "日期" in response.content.decode()
    cell.refresh_from_db()
    assert cell.status == "not_started"


def test_matrix_exports_to_excel_with_the_same_grid(client_as, city_editor, system):
    SupportItem.objects.filter(industry__slug="biomed_health", item__key="plan").update(status="done")
    response = client_as(city_editor).get(f"/s/{system.slug}/package/export.xlsx")
    assert response.status_code == 200
    wb = openpyxl.load_workbook(BytesIO(response.content))
    ws = wb["完成度矩阵"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["分组", "产业", "状态", "产业办"]
    assert header[4] == "3个文件·规划"
    assert ws.max_row == 1 + 29
    biomed = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[1] == "生物医药与健康")
    assert biomed[4] == "已完成"
    assert biomed[-2:] == (1, 0)
    assert wb["明细"].max_row == 1 + 29 * 12


def test_excel_export_escapes_formula_like_text(client_as, city_editor, system):
    SupportItem.objects.filter(industry__slug="icv_nev", item__key="plan").update(owner_zh="=HYPERLINK(1)")
    response = client_as(city_editor).get(f"/s/{system.slug}/package/export.xlsx")
    wb = openpyxl.load_workbook(BytesIO(response.content))
    cells = [r[4] for r in wb["明细"].iter_rows(min_row=2)]
    typed = [c for c in cells if c.value == "=HYPERLINK(1)"]
    assert len(typed) == 1 and typed[0].data_type == "s"  # text as typed, never a formula
    assert not [c for c in cells if str(c.value).startswith("'")]


def test_office_page_lists_its_industries(client_as, viewer, system):
    html = client_as(viewer).get(f"/s/{system.slug}/offices/office_display_ic/").content.decode()
    assert "超高清视频与新型显示" in html and "半导体与集成电路" in html
