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
    # References over the segments that have firms: firms (2, 4, 10, 20, 40) → 10;
    # output (3000, 20000, 40000, 80000, 100000) → 40000.
    got = {s.key: s for s in weak_links(stats)}
    assert got["b"].status == MISSING and got["b"].score == 0
    # d: 2 firms < 3 → 弱链 whatever its output; score (0.2 + min(2.5, 2)) / 4 = 0.55 → 55.
    assert (got["d"].status, got["d"].reason, got["d"].score) == (WEAK, "本地企业少于 3 家", 55)
    # f: firms 4/10 = 0.4 ≥ 0.25, output 3000/40000 = 0.075 < 0.25 → 弱链 by output; (0.4 + 0.075) / 4 → 12.
    assert (got["f"].status, got["f"].reason, got["f"].score) == (WEAK, "产值不到各环节中位数的 25%", 12)
    assert got["f"].firm_index == D("0.4") and got["f"].output_index == D("0.075")
    # a: min(4, 2) + min(2, 2) → 100; c: 2 + 1 → 75; e: 1 + 0.5 → 37.5 → 38 (half to even) → 一般.
    assert [(got[k].score, got[k].status) for k in "ace"] == [(100, STRONG), (75, STRONG), (38, FAIR)]
    assert [s.key for s in weak_links(stats)] == ["b", "f", "d", "e", "c", "a"]


def test_a_mostly_empty_chain_does_not_make_one_firm_strong():
    """Huadu-like: most segments empty; the reference is the median of those with firms."""
    stats = [
        SegmentStat(k, k, "upstream", n, D(0))
        for k, n in (("a", 0), ("b", 0), ("c", 1), ("d", 9), ("e", 24), ("f", 17))
    ]
    got = {s.key: s for s in weak_links(stats)}
    # Reference (1, 9, 17, 24) → 13; c: 1 firm → 弱链, d: 9/13 → (0.6923) / 2 → 35 → 一般.
    assert (got["c"].status, got["d"].status, got["d"].score) == (WEAK, FAIR, 35)
    assert got["e"].status == STRONG


def test_without_any_output_only_firms_count():
    stats = [
        SegmentStat("a", "x", "upstream", 9, D(0)),
        SegmentStat("b", "y", "midstream", 3, D(0)),
        SegmentStat("c", "z", "downstream", 6, D(0)),
    ]
    got = {s.key: s for s in weak_links(stats)}
    assert got["b"].output_index is None
    # b: 3/6 = 0.5 → 0.5 / 2 = 25 → below half the cap: 一般.
    assert (got["b"].score, got["b"].status) == (25, FAIR)
    assert weak_links([]) == []
