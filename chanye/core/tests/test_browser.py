"""Browser tests: Debian chromium driven by Playwright against a live server.

Each page is loaded as a user would see it, charts included; a screenshot of each lands in
var/screenshots/ for a person to look at. Any request to a host other than the app's own fails
the test (the intranet has no internet).
"""

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

from chanye.industries.models import SupportItem

pytestmark = pytest.mark.browser

# Playwright's sync API runs an event loop in this thread; the fixtures' ORM calls are still
# synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("找不到 /usr/bin/chromium：请运行 make system-deps（apt-get install chromium）。")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page_as(browser, live_server):
    """page_as(user) -> a logged-in page; records every host it requests and every console error."""
    pages = []

    def make(user):
        context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
        page = context.new_page()
        page.hosts = set()
        page.errors = []
        page.on(
            "request",
            lambda r: page.hosts.add(urlparse(r.url).hostname) if r.url.startswith("http") else None,
        )
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", user.raw_password)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        pages.append((context, page))
        return page

    yield make
    for context, page in pages:
        own = {urlparse(live_server.url).hostname}
        assert page.hosts <= own, f"页面请求了外部主机：{page.hosts - own}"
        context.close()


def _open(page, url, shot):
    page.goto(url, wait_until="networkidle")
    page.wait_for_function("window.__chartsReady === true", timeout=15000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)


def test_overview_renders_structure_and_map(page_as, viewer, system, live_server):
    page = page_as(viewer)
    _open(page, f"{live_server.url}/", "overview")
    assert page.locator(".tile b").first.inner_text() == "29"
    assert page.locator("a.chip.chip-pending").count() == 2
    assert page.locator("[data-chart=map-overview] canvas").count() == 1
    assert page.errors == []


def test_industry_page_draws_the_chain_map(page_as, viewer, system, live_server):
    page = page_as(viewer)
    _open(page, f"{live_server.url}/s/{system.slug}/industries/icv_nev/", "industry")
    assert page.locator("[data-chart=chain] canvas").count() == 1
    assert page.locator("h1").inner_text().startswith("智能网联与新能源汽车")
    assert page.errors == []


def test_district_map_click_opens_the_district(page_as, viewer, system, live_server):
    page = page_as(viewer)
    _open(page, f"{live_server.url}/s/{system.slug}/districts/", "districts")
    # Click 从化区 on the canvas: ECharts converts a point inside it (lng, lat) to pixels.
    x, y = page.evaluate(
        """() => {
        const chart = echarts.getInstanceByDom(document.querySelector('[data-chart=map-districts]'));
        return chart.convertToPixel({seriesIndex: 0}, [113.60, 23.65]);
    }"""
    )
    box = page.locator("[data-chart=map-districts]").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_url("**/districts/440117/")
    _open(page, page.url, "district")
    assert page.locator("h1").inner_text() == "从化区"
    assert page.locator("[data-chart=map-district] canvas").count() == 1


def test_matrix_cell_is_edited_in_place_with_htmx(page_as, office_editor, system, live_server):
    page = page_as(office_editor)
    _open(page, f"{live_server.url}/s/{system.slug}/package/", "package")
    cell = SupportItem.objects.get(industry__slug="artificial_intelligence", item__key="plan")
    page.click(f"#cell-{cell.pk} button")
    page.wait_for_selector(f"#cell-{cell.pk} form")
    page.select_option(f"#cell-{cell.pk} select[name=status]", "done")
    page.fill(f"#cell-{cell.pk} input[name=owner_zh]", "市工信局")
    page.click(f"#cell-{cell.pk} button[type=submit]")
    page.wait_for_selector(f"#cell-{cell.pk}.status-done")
    assert page.locator(f"#cell-{cell.pk}").inner_text().strip() == "已完成"
    assert page.locator(f"#done-{cell.industry_id}").inner_text() == "1/12"
    cell.refresh_from_db()
    assert (cell.status, cell.owner_zh) == ("done", "市工信局")
    assert cell.history.latest().source == "web"
    # Cells of industries the office does not own are read-only links, not buttons.
    other = SupportItem.objects.get(industry__slug="icv_nev", item__key="plan")
    assert page.locator(f"#cell-{other.pk} button").count() == 0
    page.screenshot(path=str(SHOTS / "package-edited.png"), full_page=False)


def test_matrix_filter_swaps_the_table(page_as, viewer, system, live_server):
    page = page_as(viewer)
    _open(page, f"{live_server.url}/s/{system.slug}/package/", "package-viewer")
    page.select_option("select[name=group]", "future")
    page.wait_for_function("document.querySelectorAll('#matrix tbody tr').length === 6")
    assert "group=future" in page.url
    assert page.locator("#matrix tbody tr").count() == 6


def test_api_docs_load_without_any_outside_host(page_as, viewer, system, live_server):
    page = page_as(viewer)
    page.goto(f"{live_server.url}/api/v1/docs", wait_until="networkidle")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15000)
    assert page.locator(".opblock-summary-path").filter(has_text="/api/v1/industries").count() >= 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "api-docs.png"))


@pytest.fixture
def targets_with_demo(system):
    from django.core.management import call_command

    call_command("targets", "load", "data/systems/guangzhou-12218-targets.yaml")
    call_command("demo", today="2025-09-30", enterprises=0)
    return system


def test_target_board_and_target_page_draw_status_and_chart(page_as, viewer, targets_with_demo, live_server):
    page = page_as(viewer)
    slug = targets_with_demo.slug
    _open(page, f"{live_server.url}/s/{slug}/targets/?on=2025-09-30", "targets-board")
    assert page.locator(".notice.demo").count() == 1
    assert page.locator("table.board tbody tr").count() == 45
    page.click("#rollups summary")
    page.wait_for_selector("#rollups-body h3")
    assert page.locator("#rollups-body h3").all_inner_texts() == [
        "按责任主体",
        "按区",
        "按产业",
        "按重大举措",
    ]
    page.screenshot(path=str(SHOTS / "targets-rollups.png"), full_page=True)
    page.select_option("select[name=district]", "440106")
    page.wait_for_function("document.querySelectorAll('table.board tbody tr').length === 2")
    _open(page, f"{live_server.url}/s/{slug}/targets/tianhe_innovation_carriers_3yr/?on=2025-09-30", "target")
    assert page.locator("[data-chart=target-chart] canvas").count() == 1
    assert page.locator("blockquote").first.inner_text().startswith("“未来3年")
    _open(page, f"{live_server.url}/s/{slug}/districts/440105/scorecard/?on=2025-09-30", "scorecard")
    assert page.locator("h1").inner_text().startswith("海珠区 目标记分卡")
    assert page.errors == []


@pytest.fixture
def enterprises_with_demo(system, cli):
    from chanye.enterprises.services import enterprises_demo, named_enterprises_load

    named_enterprises_load(system=system, user=cli)
    enterprises_demo(system=system, n=3000, user=cli)
    return system


def test_chain_map_weak_links_and_an_enterprise_file(page_as, viewer, enterprises_with_demo, live_server):
    from chanye.enterprises.models import Enterprise

    page = page_as(viewer)
    slug = enterprises_with_demo.slug
    _open(page, f"{live_server.url}/s/{slug}/industries/icv_nev/chain/", "chain-map")
    assert page.locator("[data-chart=chain-map] canvas").count() == 1
    assert page.locator(".notice.demo").count() == 1
    assert page.locator("#gaps h2").inner_text() == "缺链、弱链（招商方向）"
    page.locator("#gaps").screenshot(path=str(SHOTS / "weak-links.png"))
    _open(page, f"{live_server.url}/s/{slug}/industries/icv_nev/chain/?district=440114", "chain-map-huadu")
    assert page.locator("h1").inner_text() == "智能网联与新能源汽车 产业链图谱 · 花都区"
    firm = Enterprise.objects.filter(
        origin="demo", placements__industry__slug="icv_nev", figures__isnull=False
    ).first()
    _open(page, f"{live_server.url}/s/{slug}/enterprises/{firm.pk}/", "enterprise")
    assert page.locator("[data-chart=firm-chart] canvas").count() == 1
    assert "演示数据" in page.locator("h1").inner_text()
    assert page.locator("#placement").inner_text().count("智能网联与新能源汽车") >= 1
    _open(page, f"{live_server.url}/s/{slug}/enterprises/?industry=icv_nev", "enterprise-list")
    assert page.locator("table.table tbody tr").count() >= 10
    assert page.errors == []


@pytest.fixture
def delivery_with_demo(targets, cli):
    """亩均 runs, parks, land and projects from the demo generators (labelled 演示数据)."""
    from datetime import date

    from chanye.enterprises.services import enterprises_demo
    from chanye.per_mu.models import PerMuRuleSet
    from chanye.per_mu.services import per_mu_evaluate, rule_sets_load
    from chanye.places.demo import places_demo
    from chanye.places.services import places_load
    from chanye.projects.services import projects_demo

    system = targets.system
    enterprises_demo(system=system, n=1500, user=cli)
    rule_sets_load(system=system, user=cli)
    per_mu_evaluate(rule_set=PerMuRuleSet.objects.get(system=system, is_default=True), year=2024, user=cli)
    places_load(system=system, user=cli)
    places_demo(system=system, user=cli, today=date(2025, 12, 31))
    projects_demo(system=system, user=cli, today=date(2025, 12, 31))
    from chanye.lists.services import lists_demo

    lists_demo(system=system, user=cli, today=date(2025, 12, 31))
    return system


def test_per_mu_parks_and_project_pages_draw_their_charts(page_as, viewer, delivery_with_demo, live_server):
    from chanye.projects.models import Project

    page = page_as(viewer)
    slug = delivery_with_demo.slug
    _open(page, f"{live_server.url}/s/{slug}/per-mu/", "per-mu")
    assert page.locator("h1").inner_text().startswith("2024 年亩均效益评价")
    assert page.locator("[data-chart=class-chart] canvas").count() == 1
    _open(page, f"{live_server.url}/s/{slug}/parks/", "parks")
    assert page.locator("[data-chart=map-parks] canvas").count() == 1
    assert "智能传感器产业园" in page.locator("table.table").last.inner_text()
    _open(page, f"{live_server.url}/s/{slug}/projects/funnel/", "project-funnel")
    assert page.locator("[data-chart=funnel-chart] canvas").count() == 1
    project = Project.objects.filter(origin="demo", started_on__isnull=False).first()
    _open(page, f"{live_server.url}/s/{slug}/projects/{project.pk}/", "project")
    assert page.locator("[data-chart=investment-chart] canvas").count() == 1
    assert page.locator(".timeline li.done").count() >= 2
    _open(page, f"{live_server.url}/s/{slug}/projects/stalled/", "stalled")
    assert page.locator("h1").inner_text() == "停滞项目"
    _open(page, f"{live_server.url}/s/{slug}/lists/", "lists")
    assert page.locator(".chart canvas").count() == 3
    _open(page, f"{live_server.url}/s/{slug}/lists/leads/?industry=icv_nev", "leads")
    assert page.locator("[data-chart=list-funnel] canvas").count() == 1
    assert page.errors == []
