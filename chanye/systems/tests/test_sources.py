"""The 来源文献 page: each source cited in Chinese (publisher, title, document number, date), what it
supports, the original's link, and a copy found elsewhere shown only as 转载."""

import html as htmllib
import re

import pytest

from chanye.systems.definition import parse_definition
from chanye.systems.models import Source
from chanye.systems.selectors import source_rows
from chanye.targets.models import Milestone, Target

MINIMAL = """\
format: chanye-system/1
system:
  slug: old-city
  name_zh: 旧格式城市体系
  city: {name_zh: 某市, code: "440100"}
  as_of: 2025-01-01
sources:
  - {id: S1, title: 旧格式来源, url: "https://example.org/a", kind: press-mirror, date: 2025-01-02, note: 说明}
elements: []
industry_groups:
  - {key: g, name_zh: 甲组}
industries:
  - slug: alpha
    group: g
    name_zh: 甲产业
    confidence: high
    segments:
      - {key: seg, name_zh: 环节, stage: upstream}
"""


@pytest.fixture
def page(client_as, viewer, system):
    response = client_as(viewer).get(f"/s/{system.slug}/sources/")
    assert response.status_code == 200
    return response.content.decode()


def row_of(html: str, key: str) -> str:
    [row] = re.findall(rf'<tr id="{key}">(.*?)</tr>', html, re.S)
    return row


def text_of(fragment: str) -> str:
    """What a reader sees: tags dropped, entities decoded, whitespace collapsed."""
    text = htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment))
    return re.sub(r"\s+", " ", text).strip()


def cited_by_definition(definition, key: str) -> int:
    """How many entries of the definition list `key` among their sources (walked independently of the app)."""
    count = 0

    def walk(node, top=True):
        nonlocal count
        if isinstance(node, dict):
            for name, value in node.items():
                if name in ("sources", "area_sources") and not top and key in value:
                    count += 1
                walk(value, top=False)
        elif isinstance(node, list):
            for item in node:
                walk(item, top=False)

    walk(definition.model_dump(), top=True)
    return count


# ---------------------------------------------------------------- the page


def test_s01_is_the_peoples_daily_report_with_its_copy_labelled_and_muted(page):
    row = row_of(page, "S01")
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert text_of(cells[0]) == "S01"
    assert text_of(cells[1]) == "人民日报 · 罗艾桦 报道转载"
    assert text_of(cells[2]) == "广州将重点发展15个战略性产业集群 原文链接未找到；转载副本内容与原报道一致"
    assert text_of(cells[3]) == "2024-01-08"
    # The copy is labelled 转载, small and muted; it is never shown as the original.
    assert (
        '<small>转载：<a href="http://vcaptcha.com/wap/vvZy_90146.html" rel="noreferrer" class="muted">'
        "http://vcaptcha.com/wap/vvZy_90146.html</a></small>"
    ) in row
    assert "<b>原文</b>" not in row
    assert text_of(cells[5]) == "原文链接未知 转载： http://vcaptcha.com/wap/vvZy_90146.html"


def test_s00_links_the_original_southern_metropolis_daily_page(page):
    row = row_of(page, "S00")
    assert "南方都市报" in row and "广州市高质量发展大会：加快建设“12218”现代化产业体系" in row
    assert (
        '<b>原文</b>：<a href="https://m.mp.oeeee.com/a/BAAFRD0000202502061049702.html" rel="noreferrer">'
    ) in row
    assert "转载：" not in row


def test_s04_shows_its_document_number(page):
    row = row_of(page, "S04")
    assert "<small>文号 穗工信函〔2025〕36号</small>" in row
    assert "广州市工业和信息化局" in row and "政策文件转载" in row


def test_every_link_on_the_page_sends_no_referrer_and_none_is_loaded(page):
    table = page[page.index('<table class="table sources">') : page.index("</table>")]
    external = re.findall(r'<a href="(https?://[^"]+)"([^>]*)>', table)
    assert external
    assert all('rel="noreferrer"' in attrs for _, attrs in external)
    assert "<img" not in table and "<iframe" not in table


def test_no_developer_words_on_the_page(page):
    lowered = page.lower()
    for word in (
        "mirror",
        "press-",
        "spam",
        "repost",
        "(copy",
        "policy",
        "aggregator",
        "secondary",
        "corpus",
    ):
        assert word not in lowered, word
    assert "<th>编号</th>" in page


def test_no_english_words_outside_urls(page):
    main = page[page.index("<main") : page.index("</main>")]
    main = re.sub(r'href="[^"]*"', "", main)
    text = re.sub(r"https?://\S+", " ", text_of(main))
    assert re.findall(r"[A-Za-z]{4,}", text) == []


def test_each_source_shows_how_many_entries_cite_it(page, system, shipped_definition):
    for source in system.sources.all():
        n = (
            cited_by_definition(shipped_definition, source.key)
            + Target.objects.filter(system=system, source_key=source.key).count()
            + Milestone.objects.filter(system=system, source_key=source.key).count()
        )
        row = row_of(page, source.key)
        if n:
            assert f"共 {n} 项" in row, source.key
        else:
            assert "无条目直接引用" in row, source.key
    # Spot checks of the walk itself: S04 supports one element and five industries, S10 nothing.
    assert "共 6 项" in row_of(page, "S04") and "体系要素 1 项、产业 5 项" in row_of(page, "S04")
    assert "无条目直接引用" in row_of(page, "S10")


def test_support_lists_the_names_of_what_cites_the_source(page):
    row = row_of(page, "S22")
    assert text_of(row).count("番禺区：地区生产总值（2024年）") == 1
    assert "区数据 1 项" in row
    # A source cited by many entries lists them behind a fold.
    s00 = row_of(page, "S00")
    assert "<details>" in s00 and "目标 45 项" in s00 and "节点任务 5 项" in s00


# ---------------------------------------------------------------- the selector


def test_source_rows_group_the_citations_by_kind(system):
    rows = {r.source.key: r for r in source_rows(system)}
    assert list(rows) == list(system.sources.values_list("key", flat=True))
    s04 = rows["S04"]
    assert [(g.kind_zh, len(g.items)) for g in s04.groups] == [("体系要素", 1), ("产业", 5)]
    assert s04.total == 6
    [element] = s04.groups[0].items
    assert element.name == "“2+14+N”制造业创新中心体系"
    assert element.url == system.elements.get(name_zh=element.name).get_absolute_url()
    s00 = rows["S00"]
    targets = [g for g in s00.groups if g.kind_zh == "目标"][0].items
    assert len(targets) == Target.objects.filter(system=system, source_key="S00").count()
    assert rows["S10"].groups == [] and rows["S10"].total == 0


# ---------------------------------------------------------------- the shipped data and old files


def test_shipped_sources_are_cited_in_chinese(system):
    s01 = Source.objects.get(system=system, key="S01")
    assert (s01.publisher, s01.author, s01.kind, s01.url) == ("人民日报", "罗艾桦", "报道转载", "")
    assert s01.copy_url == "http://vcaptcha.com/wap/vvZy_90146.html"
    assert Source.objects.get(system=system, key="S04").doc_no == "穗工信函〔2025〕36号"
    assert Source.objects.get(system=system, key="S10").doc_no == "穗科字〔2025〕4号"
    for s in system.sources.all():
        assert s.publisher and s.kind, s.key
        assert not re.search(r"[A-Za-z]{4,}", s.title + s.publisher + s.kind + s.note), s.key


def test_a_file_written_before_the_chinese_citation_still_loads_and_reads_in_chinese(db, cli):
    from chanye.core.history import SOURCE_CLI
    from chanye.systems.services import system_load

    system = system_load(definition=parse_definition(MINIMAL), user=cli, source=SOURCE_CLI).system
    source = system.sources.get()
    assert (source.title, source.url, source.kind, source.note) == (
        "旧格式来源",
        "https://example.org/a",
        "press-mirror",
        "说明",
    )
    assert (source.publisher, source.author, source.doc_no, source.copy_url) == ("", "", "", "")
    assert source.kind_zh == "报道转载"
