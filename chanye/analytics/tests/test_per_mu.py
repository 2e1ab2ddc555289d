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
