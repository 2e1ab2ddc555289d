"""`chanye targets status`: the board on the command line."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from chanye.targets.models import Target
from chanye.targets.services import observation_record

from .helpers import file_codes, month_ends

HEAD = "广州市“12218”现代化产业体系 目标看板（评估日 2025-06-30）："


def status(**options) -> list[str]:
    out = StringIO()
    call_command("targets", "status", stdout=out, **options)
    return out.getvalue().splitlines()


def test_status_prints_the_count_line_and_one_line_per_target(targets):
    lines = status(on="2025-06-30")

    assert lines[0] == HEAD + "共 45 个；无数据 45"
    assert len(lines) == 46
    assert [line.rsplit("\t", 1)[1] for line in lines[1:]] == file_codes()
    assert (
        lines[1]
        == "无数据\t—\t全市\t实施技改项目数量 ≥ 1,000 个\t实际 —\t期限 2025-12-31\tcity_tech_upgrade_projects"
    )
    assert (
        lines[3]
        == "无数据\t—\t全市\t特色标杆工业园数量 10 个\t实际 —\t期限 待确认\tcity_benchmark_industrial_parks"
    )


def test_status_counts_and_shows_the_actuals_entered(targets, city_editor):
    tech = Target.objects.get(code="city_tech_upgrade_projects")
    for period_end in month_ends(2025, 1, 6):
        observation_record(user=city_editor, target=tech, period_end=period_end, value=80)

    lines = status(on="2025-06-30")

    assert lines[0] == HEAD + "共 45 个；正常 1，无数据 44"
    assert (
        lines[1]
        == "正常\t较高\t全市\t实施技改项目数量 ≥ 1,000 个\t实际 480个\t期限 2025-12-31\tcity_tech_upgrade_projects"
    )


def test_status_of_one_district(targets):
    lines = status(on="2025-06-30", district="440106")

    assert lines[0] == HEAD + "共 2 个；无数据 2"
    assert [line.rsplit("\t", 1)[1] for line in lines[1:]] == [
        "tianhe_innovation_carriers_3yr",
        "tianhe_industrial_factory_space_3yr",
    ]
    assert lines[1].split("\t")[2] == "天河区"


def test_status_of_an_unknown_system_is_refused(targets):
    with pytest.raises(CommandError) as caught:
        call_command("targets", "status", system="shenzhen")

    assert str(caught.value) == "找不到体系「shenzhen」。请先运行 chanye init 或 chanye system load。"


def test_snapshot_evaluates_every_target_once_a_day(targets, client_as, viewer):
    from chanye.targets.models import TargetSnapshot

    out = StringIO()
    call_command("targets", "snapshot", on="2025-06-30", stdout=out)
    assert out.getvalue() == "「广州市“12218”现代化产业体系」：评估日 2025-06-30，重新评估 45 个目标。\n"
    assert TargetSnapshot.objects.filter(evaluated_on="2025-06-30").count() == 45
    again = StringIO()
    call_command("targets", "snapshot", on="2025-06-30", stdout=again)
    assert again.getvalue().endswith("重新评估 0 个目标。\n")
