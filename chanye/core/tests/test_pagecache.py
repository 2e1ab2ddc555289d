"""The read-mostly pages are cached per user under the data version: fast, and never stale."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from chanye.core.pagecache import data_version

SLUG = "guangzhou-12218"


def test_a_second_view_is_served_from_the_cache(client_as, viewer, system):
    client = client_as(viewer)
    url = f"/s/{SLUG}/industries/icv_nev/"
    client.get(url)  # the first view sets the CSRF cookie the page's forms (and its cache key) use
    first = client.get(url).content
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url).content
    assert second == first
    # session, user, profile (for the key), data version, then saving the session: nothing else.
    assert len(queries.captured_queries) <= 8


def test_an_edit_shows_at_once(client_as, office_editor, viewer, system):
    url = f"/s/{SLUG}/industries/artificial_intelligence/"
    reader = client_as(viewer)
    assert "市领导乙" not in reader.get(url).content.decode()
    before = data_version()
    client_as(office_editor).post(url, {"leader_zh": "市领导乙", "contact_zh": "", "work_note_zh": ""})
    assert data_version() > before
    assert "市领导乙" in reader.get(url).content.decode()


def test_each_user_gets_their_own_page(client_as, office_editor, viewer, system):
    url = f"/s/{SLUG}/industries/artificial_intelligence/"
    assert "编辑维护信息" not in client_as(viewer).get(url).content.decode()
    assert "编辑维护信息" in client_as(office_editor).get(url).content.decode()
    assert "编辑维护信息" not in client_as(viewer).get(url).content.decode()


def test_an_enterprise_import_updates_the_district_page(client_as, viewer, city_editor, system):
    from chanye.enterprises.tests.test_importing import csv_file, row, run

    client = client_as(viewer)
    url = f"/s/{SLUG}/districts/440106/"
    assert "尚无企业数据" in client.get(url).content.decode()
    run(system, city_editor, csv_file(row(1), row(2)))
    html = client.get(url).content.decode()
    assert "<b>2</b> 家" in html and "尚无企业数据" not in html


def test_a_definition_reload_updates_the_district_page(client_as, viewer, system, cli, shipped_definition):
    from chanye.core.history import SOURCE_CLI
    from chanye.systems.services import system_load

    client = client_as(viewer)
    url = f"/s/{SLUG}/districts/440106/"
    assert "<h1>天河区</h1>" in client.get(url).content.decode()
    renamed = shipped_definition.model_copy(deep=True)
    next(d for d in renamed.districts if d.code == "440106").name_zh = "天河新区"
    system_load(definition=renamed, user=cli, source=SOURCE_CLI)
    assert "<h1>天河新区</h1>" in client.get(url).content.decode()
