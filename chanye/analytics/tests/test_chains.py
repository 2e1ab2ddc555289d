"""Weak-link scoring with exact numbers."""

from decimal import Decimal as D

from chanye.analytics.chains import FAIR, MISSING, STRONG, WEAK, SegmentStat, weak_links


def test_scores_statuses_and_order():
    stats = [
        SegmentStat("a", "材料", "upstream", 40, D(80000)),
        SegmentStat("b", "芯片", "upstream", 0, D(0)),
        SegmentStat("c", "整机", "midstream", 20, D(40000)),
        SegmentStat("d", "软件", "midstream", 2, D(100000)),
        SegmentStat("e", "服务", "downstream", 10, D(20000)),
        SegmentStat("f", "回收", "downstream", 4, D(3000)),
    ]
    # medians: firms (4, 10) → 7; output (20000, 40000) → 30000.
    got = {s.key: s for s in weak_links(stats)}
    assert got["b"].status == MISSING and got["b"].score == 0
    assert got["d"].status == WEAK and got["d"].reason == "本地企业少于 3 家"
    # f: firms 4/7 = 0.571 ≥ 0.25, output 3000/30000 = 0.1 < 0.25 → 弱链 by output.
    assert (got["f"].status, got["f"].reason) == (WEAK, "产值不到各环节中位数的 25%")
    assert round(got["f"].firm_index, 4) == D("0.5714") and got["f"].output_index == D("0.1")
    # a: min(40/7, 2) = 2 and min(80000/30000, 2) = 2 → (2 + 2) / 2 / 2 = 100.
    assert (got["a"].score, got["a"].status) == (100, STRONG)
    # c: min(20/7, 2) = 2, 40000/30000 = 1.333 → (2 + 1.333) / 4 = 0.8333 → 83.
    assert (got["c"].score, got["c"].status) == (83, STRONG)
    # e: 10/7 = 1.4286, 20000/30000 = 0.6667 → 2.0952 / 4 = 0.5238 → 52 → 较强.
    assert got["e"].score == 52 and got["e"].status == STRONG
    assert [s.key for s in weak_links(stats)] == ["b", "f", "d", "e", "c", "a"]


def test_without_any_output_only_firms_count():
    stats = [SegmentStat("a", "x", "upstream", 9, D(0)), SegmentStat("b", "y", "midstream", 3, D(0)), SegmentStat("c", "z", "downstream", 6, D(0))]
    got = {s.key: s for s in weak_links(stats)}
    assert got["b"].output_index is None
    # b: 3/6 = 0.5 → 0.5 / 2 = 25 → below half the cap: 一般.
    assert (got["b"].score, got["b"].status) == (25, FAIR)
    assert weak_links([]) == []
