import shutil
import subprocess
from datetime import date
from io import BytesIO

import openpyxl
import pytest

from chanye.core.svgchart import line_chart
from chanye.targets.stocktake import stocktake_pdf, stocktake_xlsx


@pytest.fixture
def with_demo(targets, system):
    from chanye.core.tests.utils import run_demo

    run_demo(system, "places", "projects", "lists", "targets", today="2025-09-30")
    return system


def test_svg_chart_draws_plan_actual_target_and_scale():
    svg = line_chart(
        plan=[(date(2025, 1, 1), 0.0), (date(2025, 12, 31), 1000.0)],
        actual=[(date(2025, 3, 31), 200.0), (date(2025, 6, 30), 400.0)],
        target=1000.0,
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
        unit="个",
        today=date(2025, 7, 1),
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<polyline") == 2 and svg.count("<circle") == 2
    assert "目标 1,000" in svg and ">个<" in svg and "2025-12-31" in svg


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils 未安装（make system-deps）")
def test_stocktake_pdf_is_chinese_text_with_the_off_track_quotes(with_demo):
    pdf = stocktake_pdf(
        system=with_demo, owner="district:440105", on=date(2025, 9, 30), generated_by="tester"
    )
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "海珠区 目标定期评估" in text
    assert "评估日 2025年9月30日" in text
    assert "本报告含演示数据" in text
    assert "偏离目标" in text and "节点任务" in text
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Noto-Sans-CJK-SC" in fonts


def test_stocktake_workbook_has_summary_detail_off_track_and_milestones(with_demo):
    wb = openpyxl.load_workbook(
        BytesIO(stocktake_xlsx(system=with_demo, owner="district:440105", on=date(2025, 9, 30)))
    )
    assert wb.sheetnames == ["状态汇总", "目标明细", "偏离目标", "节点任务"]
    summary = {r[0]: r[1] for r in wb["状态汇总"].iter_rows(values_only=True) if r and r[0]}
    assert summary["责任主体"] == "海珠区"
    haizhu_targets = with_demo.targets.filter(district__code="440105").count()
    assert wb["目标明细"].max_row == 1 + haizhu_targets
    assert sum(summary[s] for s in ["已达成", "正常", "关注", "滞后", "未达成", "无数据"]) == haizhu_targets
    assert wb["节点任务"].max_row == 1 + with_demo.milestones.filter(district__code="440105").count()


def test_stocktake_page_downloads_pdf_and_logs_the_export(with_demo, client_as, city_editor):
    from chanye.accounts.models import SecurityEvent

    response = client_as(city_editor).get(
        f"/s/{with_demo.slug}/targets/stocktake/?owner=city&on=2025-09-30&format=pdf"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert (
        SecurityEvent.objects.filter(
            kind="export", username="city_editor", detail__contains="定期评估 city"
        ).count()
        == 1
    )
    page = client_as(city_editor).get(f"/s/{with_demo.slug}/targets/stocktake/?owner=city&on=2025-09-30")
    assert "定期评估：全市" in page.content.decode()
