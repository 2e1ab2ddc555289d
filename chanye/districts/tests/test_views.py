from chanye.districts.models import District


def test_district_list_shows_the_map_and_eleven_districts(client_as, viewer, system):
    response = client_as(viewer).get(f"/s/{system.slug}/districts/")
    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.context["districts"]) == 11
    assert 'data-map-url="/geo/440100.geojson"' in html


def test_district_page_shows_layout_named_system_and_priorities(client_as, viewer, system):
    response = client_as(viewer).get(f"/s/{system.slug}/districts/440106/")
    html = response.content.decode()
    assert "“12126”现代化产业体系" in html
    assert "重点产业 18 个" in html
    selected = [d for d in response.context["map_option"]["series"][0]["data"] if d.get("selected")]
    assert [d["code"] for d in selected] == ["440106"]


def test_district_editor_edits_own_district_page(client_as, tianhe_editor, system):
    response = client_as(tianhe_editor).post(
        f"/s/{system.slug}/districts/440106/", {"contact_zh": "天河区发改局", "work_note_zh": "按月更新"}
    )
    assert response.status_code == 302
    district = District.objects.get(system=system, code="440106")
    assert district.contact_zh == "天河区发改局"
    record = district.history.latest()
    assert (record.history_user, record.source, record.history_type) == (tianhe_editor, "web", "~")


def test_district_editor_cannot_edit_another_district_page(client_as, tianhe_editor, system):
    before = District.history.count()
    response = client_as(tianhe_editor).post(
        f"/s/{system.slug}/districts/440105/", {"contact_zh": "越权", "work_note_zh": ""}
    )
    assert response.status_code == 403
    assert "区级编辑只能修改本区数据" in response.content.decode()
    assert District.objects.get(system=system, code="440105").contact_zh == ""
    assert District.history.count() == before


def test_unknown_district_is_404(client_as, viewer, system):
    response = client_as(viewer).get(f"/s/{system.slug}/districts/999999/")
    assert response.status_code == 404
