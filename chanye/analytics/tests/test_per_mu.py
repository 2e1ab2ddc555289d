"""亩均效益评价: the worked numbers of methods §9, exactly, and the rules around them."""

from decimal import Decimal as D
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from chanye.analytics import per_mu as pm

RULES_DIR = Path(__file__).resolve().parents[3] / "data" / "per_mu"


def rules(**kw) -> pm.RuleSet:
    data = {
        "key": "huaian-fixed",
        "name": "淮安权重、固定基准",
        "indicators": [
            {"key": "tax_per_mu", "weight": 45, "benchmark": 20},
            {"key": "revenue_per_mu", "weight": 35, "benchmark": 400},
            {"key": "tax_per_energy", "weight": 20, "benchmark": "1.0"},
        ],
    } | kw
    return pm.rule_set_from_dict(data)


def firm(key, *, tax=300, revenue=5000, land=10, energy=375, **kw) -> pm.FirmInputs:
    values = {
        "tax": D(tax),
        "revenue": D(revenue),
        "land_mu": None if land is None else D(land),
        "energy_tce": D(energy),
    }
    return pm.FirmInputs(key, values, **kw)


def test_huaian_worked_example_scores_127_25():
    # 亩均税收 300/10 = 30 (benchmark 20), 亩均销售 5000/10 = 500 (400), 单位能耗税收 300/375 = 0.8 (1.0)
    (result,) = pm.evaluate(rules(), [firm("f")])
    assert [(i.key, i.value, i.points) for i in result.items] == [
        ("tax_per_mu", D(30), D("67.5")),
        ("revenue_per_mu", D(500), D("43.75")),
        ("tax_per_energy", D("0.8"), D("16.0")),
    ]
    assert result.score == D("127.25")


@pytest.mark.parametrize("path", sorted(RULES_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_a_firm_exactly_at_every_benchmark_scores_100(path):
    shipped = pm.rule_set_from_dict(yaml.safe_load(path.read_text(encoding="utf-8")), where=path.name)
    fixed = pm.rule_set_from_dict(
        {
            "key": "x",
            "name": "x",
            "indicators": [
                {"key": r.key, "weight": str(r.weight), "benchmark": 1} for r in shipped.indicators
            ],
        }
    )
    values = {name: D(1) for name in fixed.needed_inputs}
    values["rd_spend"] = D("0.01")  # rd_intensity = 1 % exactly
    (result,) = pm.evaluate(fixed, [pm.FirmInputs("f", values)])
    assert result.score == 100


def _ranked(n):
    # tax 10n … 10: distinct scores, best first
    return pm.evaluate(rules(), [firm(i, tax=10 * (n - i)) for i in range(n)])


def test_classes_of_seven_firms_follow_the_percentile_rule():
    results = _ranked(7)
    assert [r.percentile for r in results] == [Fraction(k, 7) for k in range(1, 8)]
    assert [r.klass for r in results] == ["A", "B", "B", "B", "C", "C", "D"]


def test_classes_of_twenty_firms():
    assert "".join(r.klass for r in _ranked(20)) == "A" * 4 + "B" * 8 + "C" * 7 + "D"


def test_ties_share_the_best_rank_whatever_the_input_order():
    assert pm.competition_ranks([D(10), D(9), D(9), D(8)]) == [1, 2, 2, 4]
    forward = pm.evaluate(
        rules(),
        [firm("a", tax=400), firm("b", tax=300), firm("c", tax=300), firm("d", tax=100), firm("e", tax=50)],
    )
    backward = pm.evaluate(
        rules(),
        [firm("e", tax=50), firm("d", tax=100), firm("c", tax=300), firm("b", tax=300), firm("a", tax=400)],
    )
    assert {r.firm: (r.rank, r.klass) for r in forward} == {r.firm: (r.rank, r.klass) for r in backward}
    assert {r.firm: r.rank for r in forward} == {"a": 1, "b": 2, "c": 2, "d": 4, "e": 5}
    # p = 2/5 for both tied firms: both B, none pushed to C by the tie
    assert [r.klass for r in forward] == ["A", "B", "B", "C", "D"]


def test_a_cap_limits_an_items_points():
    capped = rules(
        indicators=[
            {"key": "tax_per_mu", "weight": 45, "benchmark": 10, "cap": 1.5},
            {"key": "revenue_per_mu", "weight": 55, "benchmark": 500},
        ]
    )
    (result,) = pm.evaluate(capped, [firm("f")])  # 30 / 10 = 3 → capped at 1.5 × 45
    assert [(i.points, i.capped) for i in result.items] == [(D("67.5"), True), (D(55), False)]
    assert result.score == D("122.5")


def test_bonuses_and_penalties_are_added_after_the_items():
    rs = rules(bonuses={"研发机构": 3}, penalties={"安全事故": 5})
    plain, good, bad = pm.evaluate(
        rs,
        [
            firm("p"),
            firm("g", flags=frozenset({"研发机构"})),
            firm("b", flags=frozenset({"安全事故", "研发机构"})),
        ],
    )
    assert (plain.score, good.score, good.bonus, bad.score, bad.penalty) == (
        D("127.25"),
        D("130.25"),
        D(3),
        D("125.25"),
        D(5),
    )


def test_excluded_firms_are_class_t_and_not_counted_in_the_ranking():
    rs = rules(exclude={"industry_prefixes": ["44"], "min_years_in_production": 2, "flags": ["在建"]})
    results = pm.evaluate(
        rs,
        [
            firm("power", industry_code="4411"),
            firm("new", years_in_production=1),
            firm("building", flags=frozenset({"在建"})),
            firm("a", tax=400, years_in_production=5),
            firm("b", tax=100),
        ],
    )
    assert [(r.klass, r.reason) for r in results[:3]] == [
        ("T", "行业代码 4411 属不参评行业（44）"),
        ("T", "投产不满 2 年"),
        ("T", "不参评情形：在建"),
    ]
    assert [(r.rank, r.percentile, r.klass) for r in results[3:]] == [
        (1, Fraction(1, 2), "B"),
        (2, Fraction(1), "D"),
    ]


def test_firms_missing_an_input_are_listed_not_scored():
    missing, zero_energy, ok = pm.evaluate(rules(), [firm("m", land=None), firm("z", energy=0), firm("ok")])
    assert (missing.klass, missing.score, missing.missing, missing.reason) == (
        "",
        None,
        ("land_mu",),
        "缺少数据：用地面积（亩）",
    )
    assert (zero_energy.klass, zero_energy.missing) == ("", ("energy_tce",))
    assert (ok.rank, ok.klass) == (1, "D")  # alone: rank 1 of 1 is the 100th percentile


def test_a_benchmark_can_be_a_multiple_of_the_rated_firms_mean():
    rs = rules(indicators=[{"key": "tax_per_mu", "weight": 100, "benchmark_mean_multiple": 2}])
    a, b, excluded = pm.evaluate(rs, [firm("a", tax=300), firm("b", tax=100), firm("m", land=None)])
    # mean of 30 and 10 = 20, × 2 = 40; the firm without land does not move the mean
    assert (a.items[0].benchmark, a.score, b.score) == (D(40), D(75), D(25))


def test_zero_tax_scores_zero_on_that_item_rather_than_missing():
    (result,) = pm.evaluate(rules(), [firm("f", tax=0)])
    assert result.klass == "D" and result.score == D("43.75")


def test_class_counts_and_changes():
    results = _ranked(7)
    counts = pm.class_counts(results, {0: "天河区", 1: "天河区", 2: "黄埔区", 6: "黄埔区"})
    assert counts == {"天河区": {"A": 1, "B": 1}, "黄埔区": {"B": 1, "D": 1}}
    assert pm.class_changes({0: "B", 1: "B", 6: "C", 3: "T"}, results) == [
        (0, "B", "A", "上升"),
        (6, "C", "D", "下降"),
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {
                "indicators": [
                    {"key": "tax_per_mu", "weight": 45, "benchmark": 20},
                    {"key": "revenue_per_mu", "weight": 45, "benchmark": 400},
                ]
            },
            "各指标权重之和为 90，应为 100",
        ),
        (
            {"indicators": [{"key": "亩均税收", "weight": 100, "benchmark": 20}]},
            "第 1 个指标：未知指标「亩均税收」",
        ),
        (
            {"indicators": [{"key": "tax_per_mu", "weight": 100}]},
            "请给 benchmark（固定基准值）或 benchmark_mean_multiple",
        ),
        ({"indicators": [{"key": "tax_per_mu", "weight": 100, "benchmark": "二十"}]}, "「二十」不是数字"),
        ({"cutoffs": {"A": 0.6, "B": 0.2, "D": 1}}, "分类线须在 0 到 1 之间、逐级递增"),
    ],
)
def test_bad_rule_sets_say_what_to_fix(change, message):
    with pytest.raises(pm.RuleSetError, match=message):
        rules(**change)


def test_scope_is_industry_by_code_or_any_firm_reporting_land():
    rs = rules(scope={"industry_divisions": [6, 46]})
    assert [pm.in_scope(rs, code, land) for code, land in [("3973", None), ("0610", None), ("4690", None), ("7210", None), ("7210", D(3)), ("", None)]] == [
        True, True, True, False, True, False,
    ]  # fmt: skip
    with pytest.raises(pm.RuleSetError, match="scope.industry_divisions"):
        rules(scope={"industry_divisions": [46, 6]})


# ---------------------------------------------------------------- published precision (issue item 3.1)


def _one_indicator(**kw) -> pm.RuleSet:
    # score = 亩均税收 exactly (weight 100, benchmark 100), so the numbers below read straight off
    return rules(indicators=[{"key": "tax_per_mu", "weight": 100, "benchmark": 100}], **kw)


# Three firms between ranks 5 and 7 of 10: raw 42.454, 42.45 and 42.446, all published as 42.45.
# Ranked on the raw scores they were 5, 6, 7 → B, B, C (p = 0.7 > 0.60); ranked as published they
# share rank 5 (p = 0.5) → B, B, B.
TIE_TAXES = [900, 800, 700, 600, "424.54", "424.5", "424.46", 300, 200, 100]


def test_equal_published_scores_share_rank_and_class_though_raw_scores_straddle_a_cut_off():
    results = pm.evaluate(_one_indicator(), [firm(i, tax=D(t)) for i, t in enumerate(TIE_TAXES)])
    tied = results[4:7]
    assert [r.raw_score for r in tied] == [D("42.454"), D("42.45"), D("42.446")]
    assert [r.score for r in tied] == [D("42.45")] * 3
    assert [(r.rank, r.percentile, r.klass) for r in tied] == [(5, Fraction(1, 2), "B")] * 3
    assert [r.klass for r in results] == ["A", "A", "B", "B", "B", "B", "B", "C", "C", "D"]
    assert [r.rank for r in results[7:]] == [8, 9, 10]


def test_score_decimals_is_a_rule_set_field_and_halves_round_up():
    results = pm.evaluate(
        _one_indicator(score_decimals=1), [firm(i, tax=D(t)) for i, t in enumerate(TIE_TAXES)]
    )
    # 42.454 → 42.5, 42.45 → 42.5 (四舍五入), 42.446 → 42.4
    assert [(r.score, r.rank) for r in results[4:7]] == [(D("42.5"), 5), (D("42.5"), 5), (D("42.4"), 7)]


def test_a_mean_benchmark_is_published_to_two_decimals_before_it_is_applied():
    rs = rules(indicators=[{"key": "tax_per_mu", "weight": 100, "benchmark_mean_multiple": 2}])
    a, _, _ = pm.evaluate(rs, [firm("a", tax=100), firm("b", tax=100), firm("c", tax=110)])
    # mean of 10, 10, 11 = 10.333…, × 2 = 20.666… → 20.67; 100 × 10 / 20.67 = 48.379… → 48.38
    assert (a.items[0].benchmark, a.score) == (D("20.67"), D("48.38"))


# ---------------------------------------------------------------- who is rated (issue item 3.2)


def test_a_firm_on_a_sliver_of_land_is_not_rated_and_says_why():
    rs = rules(exclude={"min_land_mu": 3})
    sliver, ok, three = pm.evaluate(
        rs,
        [
            firm("sliver", tax=60, land="0.11"),
            firm("ok", tax=300),
            firm("three", tax=30, revenue=600, land=3),
        ],
    )
    assert (sliver.klass, sliver.score, sliver.reason) == ("T", None, "用地 0.11 亩，低于参评下限 3 亩")
    # 3 亩 is at the floor and rated; the sliver (亩均税收 545.45) is not ranked above them
    assert [(r.rank, r.klass) for r in (ok, three)] == [(1, "B"), (2, "D")]


def test_a_sliver_does_not_move_a_mean_benchmark():
    rs = rules(
        indicators=[{"key": "tax_per_mu", "weight": 100, "benchmark_mean_multiple": 2}],
        exclude={"min_land_mu": 3},
    )
    _, a, b = pm.evaluate(rs, [firm("sliver", tax=60, land="0.11"), firm("a", tax=300), firm("b", tax=100)])
    assert (a.items[0].benchmark, a.score, b.score) == (D(40), D(75), D(25))


def test_a_firm_below_the_revenue_floor_is_not_rated_and_says_why():
    rs = rules(exclude={"min_land_mu": 3, "min_revenue_wan": 500})
    small, at_floor = pm.evaluate(rs, [firm("small", revenue="120.5"), firm("floor", revenue=500)])
    assert (small.klass, small.reason) == ("T", "营业收入 120.50 万元，低于参评下限 500 万元")
    assert at_floor.klass == "D" and at_floor.rank == 1


def test_land_of_zero_is_missing_data_not_below_the_floor():
    (zero,) = pm.evaluate(rules(exclude={"min_land_mu": 3}), [firm("z", land=0)])
    assert (zero.klass, zero.reason) == ("", "缺少数据：用地面积（亩）")


# ---------------------------------------------------------------- what moves a firm a class (issue item 3.3)

# land 10, energy 400, revenue 4000 with the fixed benchmarks of `rules()`:
#   score = 45·(tax/10)/20 + 35·(4000/10)/400 + 20·(tax/400)/1 = 0.275·tax + 35
# a 400 → 145 (A), b 300 → 117.5 (B), c 200 → 90 (B), d 190 → 87.25 (C), e 50 → 48.75 (D);
# five firms: A = rank 1, B = ranks 2–3, C = rank 4, D = rank 5.
LADDER = {"a": 400, "b": 300, "c": 200, "d": 190, "e": 50}


def _ladder(rs=None, **change):
    inputs = {k: {"tax": v, "revenue": 4000, "land": 10, "energy": 400} for k, v in LADDER.items()}
    for key, values in change.items():
        inputs[key] |= values
    return {r.firm: r for r in pm.evaluate(rs or rules(), [firm(k, **v) for k, v in inputs.items()])}


def test_the_ladder_scores():
    assert {k: (r.score, r.klass) for k, r in _ladder().items()} == {
        "a": (D(145), "A"),
        "b": (D("117.5"), "B"),
        "c": (D(90), "B"),
        "d": (D("87.25"), "C"),
        "e": (D("48.75"), "D"),
    }


def test_what_raises_a_firm_a_class_input_by_input():
    d = _ladder()["d"]
    # B's last place is c at 90.00: d's published score must reach 90.00 (raw ≥ 89.995)
    assert [(f.direction, f.to_class, f.target, f.input, f.change, f.per_mu) for f in d.flips] == [
        ("up", "B", D("90.00"), "tax", D("10.00"), D("1.00")),  # raw +9.9818 → 1.00 万元/亩 × 10 亩
        ("up", "B", D("90.00"), "revenue", D("313.80"), D("31.38")),  # raw +313.714
        ("up", "B", D("90.00"), "land_mu", D("-0.35"), None),  # 777.5 / 80.495 = 9.65899 亩
        ("up", "B", D("90.00"), "energy_tce", D("-89.67"), None),  # 3800 / 12.245 = 310.3307
    ]
    assert [f.text for f in d.flips] == [
        "亩均税收再增加 1.00 万元/亩（税收约 +10.00 万元）可升为 B 类",
        "亩均销售收入再增加 31.38 万元/亩（营业收入约 +313.80 万元）可升为 B 类",
        "用地面积减少 0.35 亩（至 9.65 亩）可升为 B 类",
        "综合能耗减少 89.67 吨标准煤（至 310.33 吨标准煤）可升为 B 类",
    ]


@pytest.mark.parametrize(
    ("change", "klass"),
    [
        ({"tax": 200}, "B"),  # +1.00 万元/亩 as told
        ({"tax": "199.9"}, "C"),  # 0.01 万元/亩 short: 89.9725 → 89.97
        ({"revenue": "4313.8"}, "B"),  # +31.38 万元/亩: 89.99575 → 90.00, tied with c
        ({"revenue": "4313.7"}, "C"),  # +31.37: 89.994875 → 89.99
        ({"land": "9.65"}, "B"),
        ({"land": "9.66"}, "C"),  # 89.9865 → 89.99
        ({"energy": "310.33"}, "B"),
        ({"energy": "310.34"}, "C"),  # 89.99463 → 89.99
    ],
)
def test_the_change_told_is_the_least_that_works_at_the_published_precision(change, klass):
    assert _ladder(d={**change})["d"].klass == klass


def test_a_firm_just_above_a_cut_off_is_told_what_decline_drops_it():
    c = _ladder()["c"]  # 90 against d's 87.25: within the 5-point margin
    down = [f for f in c.flips if f.direction == "down"]
    # c drops when its published score falls below 87.25, i.e. raw < 87.245
    assert [(f.to_class, f.target, f.input, f.change, f.per_mu) for f in down] == [
        ("C", D("87.25"), "tax", D("-10.10"), D("-1.01")),  # raw −10.0182
        ("C", D("87.25"), "revenue", D("-314.90"), D("-31.49")),  # raw −314.857
        ("C", D("87.25"), "land_mu", D("0.36"), None),  # 800 / 77.245 = 10.35666 亩
        ("C", D("87.25"), "energy_tce", D("152.11"), None),  # 4000 / 7.245 = 552.1049
    ]
    assert [f.text for f in down] == [
        "亩均税收下降超过 1.01 万元/亩（税收约 −10.10 万元）将降为 C 类",
        "亩均销售收入下降超过 31.49 万元/亩（营业收入约 −314.90 万元）将降为 C 类",
        "用地面积增加超过 0.36 亩将降为 C 类",
        "综合能耗增加超过 152.11 吨标准煤将降为 C 类",
    ]
    # −1.00 万元/亩 ties d at 87.25 and keeps B; −1.01 drops to C
    assert (_ladder(c={"tax": 190})["c"].klass, _ladder(c={"tax": "189.9"})["c"].klass) == ("B", "C")
    assert [f.to_class for f in c.flips if f.direction == "up"] == ["A"] * 4


def test_no_warning_far_from_a_cut_off_and_nothing_above_a():
    ladder = _ladder()
    assert ladder["a"].flips == ()  # A, and 27.5 points above b
    assert {f.direction for f in ladder["b"].flips} == {"up"}  # 30.25 above the B/C line
    assert {f.direction for f in ladder["d"].flips} == {"up"}  # 38.5 above the C/D line
    wider = _ladder(rules(flip_margin=40))
    assert [f.to_class for f in wider["d"].flips if f.direction == "down"] == ["D"] * 4


def test_an_input_that_cannot_move_the_firm_alone_says_so():
    # 亩均税收 capped at 1.2 × 50 = 60 points; a: 60 + 100 = 160, b: 50 + 50 = 100
    capped = [
        {"key": "tax_per_mu", "weight": 50, "benchmark": 20, "cap": "1.2"},
        {"key": "revenue_per_mu", "weight": 50, "benchmark": 400},
    ]
    rs = rules(indicators=capped, exclude={"min_land_mu": 6})
    # b 100, c 87.5, d 75, e 62.5: b is 25 points above the B/C line, so no decline warning
    firms = [firm("a", tax=300, revenue=8000)] + [
        firm(k, tax=200, revenue=4000 - 1000 * i) for i, k in enumerate("bcde")
    ]
    b = pm.evaluate(rs, firms)[1]
    assert (b.score, b.klass) == (D(100), "B")
    assert [(f.input, f.change, f.text) for f in b.flips] == [
        ("tax", None, "仅增加税收不能升为 A 类（亩均税收封顶后得分仍不足）"),
        (
            "revenue",
            D("4799.60"),
            "亩均销售收入再增加 479.96 万元/亩（营业收入约 +4,799.60 万元）可升为 A 类",
        ),
        # 60 + 500 / L = 159.995 → L = 5.0003 亩, below the 6 亩 floor
        ("land_mu", None, "用地面积减至参评下限 6 亩仍不能升为 A 类"),
    ]
    without_floor = pm.evaluate(rules(indicators=capped), firms)[1]
    assert [f.text for f in without_floor.flips][2] == "用地面积减少 5.00 亩（至 5.00 亩）可升为 A 类"


def test_an_input_on_both_sides_of_the_score_is_not_solved_alone():
    rs = rules(
        indicators=[
            {"key": "revenue_per_mu", "weight": 50, "benchmark": 400},
            {"key": "rd_intensity", "weight": 50, "benchmark": 2},
        ]
    )
    # a: 亩均销售收入 400 (50 points) and R&D 80 / 4000 = 2 % (50 points) = 100, the lowest of five
    firms = [
        pm.FirmInputs(k, {"revenue": D(4000 + 1000 * i), "rd_spend": D(80), "land_mu": D(10)})
        for i, k in enumerate("abcde")
    ]
    a = pm.evaluate(rs, firms)[0]
    assert (a.score, a.klass) == (D(100), "D")
    # to C it must reach b's 102.50 (raw 102.495): R&D points 0.625 × rd_spend ≥ 52.495 → 83.992;
    # 500 / 用地 ≥ 52.495 → 9.5247 亩. Revenue raises one item and lowers the other: not solved alone.
    assert [f.text for f in a.flips] == [
        "研发投入再增加 4.00 万元可升为 C 类",
        "用地面积减少 0.48 亩（至 9.52 亩）可升为 C 类",
        "营业收入同时计入亩均销售收入和研发经费投入强度、作用相反，不单独测算",
    ]


def test_a_negative_tax_is_not_solved_through_land_or_energy():
    # after refunds the tax is −100: more land or energy raises the tax items, the opposite of usual
    d = _ladder(d={"tax": -100})["d"]
    assert (d.score, d.klass) == (D("7.50"), "D")
    assert [f.text for f in d.flips] == [
        "亩均税收再增加 15.00 万元/亩（税收约 +150.00 万元）可升为 C 类",  # −100 → 49.98: 48.745
        "亩均销售收入再增加 471.38 万元/亩（营业收入约 +4,713.80 万元）可升为 C 类",
        "用地面积同时计入亩均税收和亩均销售收入、作用相反，不单独测算",
        "综合能耗对得分的作用与通常相反（相关数据为负数），不单独测算",
    ]


def test_new_rule_set_fields_are_checked():
    with pytest.raises(pm.RuleSetError, match="score_decimals 应为 0 到 2 之间的整数"):
        rules(score_decimals=7)
    with pytest.raises(pm.RuleSetError, match="min_revenue_wan 不能为负数"):
        rules(exclude={"min_revenue_wan": -1})
    with pytest.raises(pm.RuleSetError, match="flip_margin 不能为负数"):
        rules(flip_margin=-2)
    with pytest.raises(pm.RuleSetError, match="confirmed 应为 true 或 false"):
        rules(confirmed="是")
    rs = rules()
    assert (rs.score_decimals, rs.min_land_mu, rs.min_revenue_wan, rs.flip_margin, rs.confirmed) == (
        2,
        D(0),
        D(0),
        D(5),
        False,
    )


@pytest.mark.parametrize("path", sorted(RULES_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_shipped_rule_sets_state_their_floors_and_are_not_named_for_a_city(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rs = pm.rule_set_from_dict(data, where=path.name)
    assert rs.min_land_mu == 3 and rs.min_revenue_wan == 0 and rs.score_decimals == 2
    assert not rs.confirmed and not rs.name.endswith("口径") and "参照" in rs.name
