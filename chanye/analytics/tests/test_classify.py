"""The classifier's rules on a small hand-written concordance, with exact results."""

import re

import polars as pl
import pytest

from chanye.analytics.classify import (
    ConcordanceError,
    classify,
    classify_frame,
    compile_concordance,
    precision_recall,
)

DATA = {
    "system": "demo",
    "version": "t1",
    "industries": {
        "ev": {
            "codes": [{"code": "3612", "name_zh": "新能源车整车制造", "segment": "vehicles"}],
            "partial": [
                {"code": "3670", "name_zh": "汽车零部件及配件制造", "keywords": ["电驱动", "电池管理"]}
            ],
            "segments": {"vehicles": ["整车"], "power": ["电池管理", "电驱动"]},
        },
        "ai": {
            "partial": [
                {"code": "65", "name_zh": "软件和信息技术服务业", "keywords": ["人工智能", "大模型"]}
            ],
            "segments": {"models": ["大模型"], "apps": ["人工智能应用"]},
        },
        "chips": {"codes": [{"code": "3973", "name_zh": "集成电路制造"}], "segments": {"fab": ["晶圆"]}},
    },
}
NAMES = {"ev": "新能源汽车", "ai": "人工智能", "chips": "集成电路"}
SEGMENTS = {
    "ev": {"vehicles": "整车", "power": "三电"},
    "ai": {"models": "模型", "apps": "应用"},
    "chips": {"fab": "制造"},
}
C = compile_concordance(DATA, industry_names=NAMES, segment_names=SEGMENTS)


def test_a_whole_code_places_the_firm_with_its_segment_by_code():
    r = classify(C, code="3612", name="广州某汽车有限公司", scope="新能源汽车整车制造")
    assert r.industries == ("ev",)
    assert r.segment == "vehicles"
    assert r.confidence == 0.95
    assert r.evidence == "3612 整体归入「新能源汽车」；环节「整车」：按代码"
    assert not r.needs_review


def test_a_whole_code_without_a_segment_keyword_is_less_certain():
    r = classify(C, code="3973", name="某芯片公司", scope="芯片销售")
    assert (r.industries, r.segment, r.confidence) == (("chips",), None, 0.85)
    assert r.evidence == "3973 整体归入「集成电路」"


def test_a_partial_code_needs_a_keyword():
    assert classify(C, code="3670", name="某零部件公司", scope="汽车座椅制造").industries == ()
    r = classify(C, code="3670", name="某零部件公司", scope="电池管理系统、电驱动总成的研发")
    assert (r.industries, r.segment, r.confidence) == (("ev",), "power", 0.75)
    # 电池管理 ends (at 6) before 电驱动 (at 13): the first keyword completed in the text is named.
    assert r.evidence == "3670 部分归入「新能源汽车」：关键词“电池管理”；环节「三电」：关键词“电池管理”"
    assert r.needs_review is False


def test_a_prefix_rule_covers_every_code_under_it():
    r = classify(C, code="6513", name="某科技公司", scope="人工智能应用软件开发")
    assert (r.industries, r.segment, r.confidence) == (("ai",), "apps", 0.75)
    r = classify(C, code="6550", name="某网络公司", scope="人工智能基础软件")
    assert (r.industries, r.segment, r.confidence) == (("ai",), None, 0.65)
    assert r.needs_review  # below 0.7


def test_unrelated_firms_stay_unclassified():
    r = classify(C, code="4710", name="某建筑公司", scope="房屋建筑工程施工；人工智能")
    assert r.matches == () and r.confidence is None and r.evidence == "" and not r.needs_review


def test_two_partial_industries_are_a_conflict_for_review():
    data = {
        **DATA,
        "industries": {
            **DATA["industries"],
            "chips": {"partial": [{"code": "65", "keywords": ["芯片设计"]}]},
        },
    }
    c = compile_concordance(data, industry_names=NAMES, segment_names=SEGMENTS)
    r = classify(c, code="6520", name="某公司", scope="芯片设计、人工智能软件")
    assert r.industries == ("ai", "chips")  # same confidence: system order
    assert r.conflict and r.needs_review


def test_the_frame_classifier_agrees_with_the_single_one():
    rows = [
        ("3612", "广州某汽车有限公司", "新能源汽车整车制造", ""),
        ("3973", "某芯片公司", "晶圆代工", "12英寸晶圆"),
        ("3670", "某零部件公司", "汽车座椅制造", ""),
        ("3670", "某零部件公司", "电池管理系统、电驱动总成的研发", ""),
        ("6513", "某科技公司", "人工智能应用软件开发", ""),
        ("6550", "某网络公司", "人工智能基础软件", "大模型"),
        ("6420", "某网络公司", "人工智能基础软件", "大模型"),
        ("4710", "某建筑公司", "房屋建筑工程施工", ""),
        ("", "无代码公司", "整车", ""),
        (None, None, None, None),
    ]
    frame = pl.DataFrame(rows, schema=["code", "name", "scope", "products"], orient="row")
    got = classify_frame(C, frame, code="code", scope="scope", products="products")
    for (code, name, scope, products), out in zip(rows, got.iter_rows(named=True), strict=True):
        r = classify(C, code=code or "", name=name or "", scope=scope or "", products=products or "")
        assert out["industries"] == "|".join(r.industries)
        assert out["segment"] == r.segment
        assert out["confidence"] == r.confidence
        assert out["evidence"] == r.evidence
        assert out["needs_review"] == r.needs_review


@pytest.mark.parametrize(
    "change, message",
    [
        ({"nope": {"codes": []}}, "industries.nope：体系中没有这个产业"),
        (
            {"ev": {"codes": [{"code": "361", "segment": "vehicles"}]}},
            "industries.ev.codes[0].code：整体归入须为 4 位小类代码，实际为「361」",
        ),
        (
            {"ev": {"partial": [{"code": "3670", "keywords": []}]}},
            "industries.ev.partial[0].keywords：部分归入必须给出关键词",
        ),
        (
            {"ev": {"segments": {"wheels": ["轮毂"]}}},
            "industries.ev.segments.wheels：产业「新能源汽车」没有这个环节",
        ),
    ],
)
def test_a_broken_concordance_is_refused_with_the_place(change, message):
    with pytest.raises(ConcordanceError, match=re.escape(message)):
        compile_concordance(
            {**DATA, "industries": {**DATA["industries"], **change}},
            industry_names=NAMES,
            segment_names=SEGMENTS,
        )


def test_precision_and_recall_count_forced_placements_as_errors():
    expected = [{"ev"}, {"ev", "ai"}, set(), {"chips"}]
    got = [{"ev"}, {"ev"}, {"ai"}, set()]
    per, overall = precision_recall(expected, got)
    assert (per["ev"].true_pos, per["ev"].false_pos, per["ev"].false_neg) == (2, 0, 0)
    assert (per["ai"].true_pos, per["ai"].false_pos, per["ai"].false_neg) == (0, 1, 1)
    assert (per["chips"].precision, per["chips"].recall) == (None, 0.0)
    assert (overall.true_pos, overall.false_pos, overall.false_neg) == (2, 1, 2)
    assert overall.precision == 2 / 3 and overall.recall == 0.5
