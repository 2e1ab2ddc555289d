"""The shipped concordance on 72 real Guangzhou firms labelled by hand, the classify command, re-classification."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from chanye.analytics.classify import classify, precision_recall
from chanye.enterprises.concordance import concordance_for

LABELLED = Path(__file__).parent / "data" / "labelled-guangzhou.csv"


def labelled() -> list[dict]:
    with LABELLED.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_the_labelled_set_is_large_and_has_firms_outside_the_system():
    rows = labelled()
    assert len(rows) >= 40
    assert sum(1 for r in rows if not r["expected_industries"]) >= 5


def test_precision_and_recall_on_the_labelled_set(system):
    """Measured, not tuned: the labels were made without looking at the rules (docs/classification.md)."""
    c = concordance_for(system)
    rows = labelled()
    expected = [set(filter(None, r["expected_industries"].split("|"))) for r in rows]
    got = [
        set(
            classify(
                c,
                code=r["industry_code"],
                name=r["name"],
                scope=r["business_scope"],
                products=r["main_products"],
            ).industries
        )
        for r in rows
    ]
    per, overall = precision_recall(expected, got)
    assert (overall.true_pos, overall.false_pos, overall.false_neg) == (71, 14, 14)
    assert round(overall.precision, 3) == 0.835 and round(overall.recall, 3) == 0.835
    # Firms that belong to none of the 21+8 are never forced in.
    assert all(not g for e, g in zip(expected, got, strict=True) if not e)
    assert (per["biomed_health"].precision, per["biomed_health"].recall) == (1.0, 1.0)


def test_the_classify_command_writes_the_rows_with_their_placement(system, tmp_path):
    path = tmp_path / "firms.csv"
    path.write_text(
        "name,district_code,industry_code,business_scope\n"
        "广州某新能源汽车有限公司,440113,3612,新能源汽车整车制造\n"
        "广州某房地产开发有限公司,440106,7010,房地产开发经营\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("enterprises", "classify", str(path), stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == [
        "name",
        "district_code",
        "industry_code",
        "business_scope",
        "industries",
        "segment",
        "confidence",
        "evidence",
    ]
    assert (rows[0]["industries"], rows[0]["segment"], rows[0]["confidence"]) == (
        "智能网联与新能源汽车",
        "整车制造",
        "0.95",
    )
    assert rows[0]["evidence"].startswith("3612 整体归入「智能网联与新能源汽车」")
    assert (rows[1]["industries"], rows[1]["segment"], rows[1]["confidence"], rows[1]["evidence"]) == (
        "",
        "",
        "",
        "",
    )


def test_the_classify_command_names_missing_columns(system, tmp_path):
    from django.core.management import CommandError

    path = tmp_path / "firms.csv"
    path.write_text("name,industry_code\n某公司,3612\n", encoding="utf-8")
    with pytest.raises(CommandError, match="缺少列：district_code, business_scope"):
        call_command("enterprises", "classify", str(path))


def test_column_wise_and_single_classification_agree_on_real_and_demo_firms(system):
    import polars as pl

    from chanye.analytics.classify import classify_frame
    from chanye.enterprises.demo import demo_rows

    c = concordance_for(system)
    rows = [(r["name"], r["industry_code"], r["business_scope"], r["main_products"]) for r in labelled()]
    districts = list(system.districts.values_list("code", "name_zh"))
    rows += [(d[1], d[3], d[4], d[5]) for d in demo_rows(3000, districts=districts, concordance=c)]
    frame = pl.DataFrame(
        rows, schema=["name", "industry_code", "business_scope", "main_products"], orient="row"
    )
    got = classify_frame(c, frame)
    mismatches = []
    for (name, code, scope, products), out in zip(rows, got.iter_rows(named=True), strict=True):
        r = classify(c, code=code, name=name, scope=scope, products=products)
        single = ("|".join(r.industries), r.segment, r.confidence, r.evidence, r.needs_review)
        if single != (
            out["industries"],
            out["segment"],
            out["confidence"],
            out["evidence"],
            out["needs_review"],
        ):
            mismatches.append((name, code, single, out))
    assert mismatches == []
    assert got.filter(pl.col("industries") != "").height > 2000  # the demo firms do land in the system


def test_a_definition_reload_reaches_the_compiled_concordance(system, cli, shipped_definition):
    from chanye.core.history import SOURCE_CLI
    from chanye.systems.services import system_load

    def evidence():
        return classify(
            concordance_for(system), code="3612", name="某汽车公司", scope="新能源汽车整车制造"
        ).evidence

    assert evidence() == "3612 整体归入「智能网联与新能源汽车」；环节「整车制造」：按代码"
    renamed = shipped_definition.model_copy(deep=True)
    industry = next(i for i in renamed.industries if i.slug == "icv_nev")
    next(s for s in industry.segments if s.key == "vehicle_manufacturing").name_zh = "整车研发制造"
    system_load(definition=renamed, user=cli, source=SOURCE_CLI)
    assert evidence() == "3612 整体归入「智能网联与新能源汽车」；环节「整车研发制造」：按代码"
