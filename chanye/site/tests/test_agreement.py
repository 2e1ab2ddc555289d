"""One truth on every surface: each status, count and figure shown on more than one surface (page,
card, counter, API, Excel) is the same everywhere, for every industry, support item and target.

Demo data runs first, so the three list items of the 3+5+3+1 package (derived from the lists)
differ from their stored status: the case that once made the matrix say 运行中 while the
industry page, the API and the counter said 未启动."""

import re
from datetime import date
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest

from chanye.core.tests.utils import run_demo

SLUG = "guangzhou-12218"


@pytest.fixture
def demo_world(system, targets):
    run_demo(system, "places", "projects", "lists", "targets", today=date.today().isoformat())
    return system


def _book(response):
    return openpyxl.load_workbook(BytesIO(response.content), read_only=True)


def test_every_support_item_shows_one_status_on_every_surface(demo_world, viewer, client_as):
    client = client_as(viewer)
    api = client.get("/api/v1/support-items?limit=500").json()["items"]
    by_api = {(i["industry_name_zh"], i["item_name_zh"]): (i["status"], i["status_display"]) for i in api}
    assert len(by_api) == len(api) > 300
    derived = {k for k, (status, label) in by_api.items() if label.startswith(("运行中", "已建"))}
    assert derived, "the demo lists make some list items derived"

    matrix = client.get(f"/s/{SLUG}/package/").context
    items = matrix["items"]
    on_matrix = {
        (industry.name_zh, item.name_zh): (view.status, view.label)
        for industry, views, _ in matrix["rows"]
        for item, view in zip(items, views, strict=True)
        if view
    }
    assert on_matrix == by_api

    sheet = _book(client.get(f"/s/{SLUG}/package/export.xlsx"))["明细"]
    in_excel = {(r[0], r[2]): r[3] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert in_excel == {k: label for k, (_, label) in by_api.items()}

    for industry in demo_world.industries.all():
        page = client.get(f"/s/{SLUG}/industries/{industry.slug}/")
        shown = {
            (industry.name_zh, si.item.name_zh): (si.state.status, si.state.label)
            for si in page.context["support_items"]
        }
        assert shown == {k: v for k, v in by_api.items() if k[0] == industry.name_zh}, industry.slug
        html = page.content.decode()
        assert all(f"<small>{label}</small>" in html for _, label in shown.values())

    done = sum(1 for status, _ in by_api.values() if status == "done")
    doing = sum(1 for status, _ in by_api.values() if status == "in_progress")
    overview = client.get(f"/s/{SLUG}/").content.decode()
    assert f"<b>{done}/{len(by_api)}</b>" in overview and f"编制中 {doing}" in overview
    assert client.get("/api/v1/support-items?status=done&limit=1").json()["count"] == done
    for industry, _, done_in_row in matrix["rows"]:
        assert done_in_row == sum(
            1 for (name, _), (s, _) in by_api.items() if name == industry.name_zh and s == "done"
        )


def test_every_target_shows_one_status_and_actual_on_every_surface(demo_world, viewer, client_as):
    from chanye.targets.exports import HEADERS

    client = client_as(viewer)
    on = date.today().isoformat()
    api = {i["code"]: i for i in client.get(f"/api/v1/targets?on={on}&limit=100").json()["items"]}
    assert len(api) == 45

    html = client.get(f"/s/{SLUG}/targets/?on={on}&page_size=100").content.decode()
    rows_html = re.findall(
        r'<tr><td class="nowrap">[^<]*</td> <td><a href="/s/[^/]+/targets/([a-z0-9_]+)/".*?<span class="status-pill st-([^"]+)">',
        html,
        re.S,
    )
    board = dict(rows_html)
    rows = [
        dict(zip(HEADERS, r, strict=True))
        for r in _book(client.get(f"/s/{SLUG}/targets/export.xlsx?on={on}"))["目标看板"].iter_rows(
            min_row=2, values_only=True
        )
    ]
    excel = {r["代码"]: r for r in rows}
    assert set(api) == set(excel) and set(board) <= set(api) and len(board) >= 25  # the first page
    for code, item in api.items():
        assert item["status"] == excel[code]["状态"] == board.get(code, item["status"]), code
        detail = client.get(f"/s/{SLUG}/targets/{code}/?on={on}").context["row"]
        assert detail.status == item["status"], code
        actual = detail.evaluation.actual
        shown = None if actual is None else actual.quantize(Decimal("0.0001"))
        assert shown == (None if item["latest_actual"] is None else Decimal(str(item["latest_actual"]))), code
