import re

from chanye.districts.models import District


def test_anonymous_visitor_is_sent_to_login(client, system):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_overview_shows_the_whole_12218_structure(client_as, viewer, system):
    response = client_as(viewer).get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "产业第一、制造业立市" in html
    assert "两业融合" in html and "两化转型" in html
    # Tiles: 29 industries (27 confirmed, 2 pending), 4 measures, 5 offices, 11 districts.
    assert re.search(r"<b>29</b><span>重点产业</span><small>已确认 27 · 待确认 2</small>", html)
    assert "<b>4</b><span>重大举措</span>" in html
    assert "<b>5</b><span>产业发展办公室</span>" in html
    assert "<b>11</b><span>区</span>" in html
    # Both unconfirmed slots are flagged and listed with their candidates.
    assert html.count('<a class="chip chip-pending"') == 2
    assert "第6个未来产业（待确认）" in html and "第8个现代服务业（待确认）" in html
    assert "候选" in html


def test_every_overview_element_links_to_its_page(client_as, viewer, system):
    html = client_as(viewer).get("/").content.decode()
    for industry in system.industries.all():
        assert f'href="{industry.get_absolute_url()}"' in html
    for element in system.elements.filter(parent=None):
        assert f'href="{element.get_absolute_url()}"' in html
    for office in system.offices.all():
        assert f'href="/s/{system.slug}/offices/{office.key}/"' in html


def test_element_page_shows_quote_numbers_and_history(client_as, viewer, system):
    element = system.elements.get(kind="mechanism", numbers__isnull=False, key__contains="leader")
    html = client_as(viewer).get(element.get_absolute_url()).content.decode()
    assert "14" in html and "90" in html and "近500" in html
    assert "变更记录" in html and "命令行" in html


def test_overview_map_counts_priority_industries_per_district(client_as, viewer, system):
    response = client_as(viewer).get("/")
    option = response.context["map_option"]
    values = {d["code"]: d["value"] for d in option["series"][0]["data"]}
    assert len(values) == 11
    tianhe = District.objects.get(system=system, code="440106")
    assert values["440106"] == tianhe.priorities.count() == 18
    assert option["series"][0]["map"] == "440100"
    assert all(d["url"].startswith(f"/s/{system.slug}/districts/") for d in option["series"][0]["data"])


def test_unknown_system_is_a_chinese_404_page(client_as, viewer, system):
    response = client_as(viewer).get("/s/no-such-city/")
    assert response.status_code == 404
    assert "找不到体系「no-such-city」" in response.content.decode()


def test_sources_page_lists_every_source_with_an_anchor(client_as, viewer, system):
    html = client_as(viewer).get(f"/s/{system.slug}/sources/").content.decode()
    for source in system.sources.all():
        assert f'id="{source.key}"' in html


def test_geojson_has_the_eleven_districts(client_as, viewer, system):
    import json

    response = client_as(viewer).get("/geo/440100.geojson")
    geo = json.loads(b"".join(response.streaming_content))
    assert response.status_code == 200
    assert sorted(f["id"] for f in geo["features"]) == sorted(system.districts.values_list("code", flat=True))
