"""Every Excel export that has an import imports back unchanged: no row created or changed, no
history written. The export writes the register's own columns, words and units (then columns
for reading, marked （只读）, which the import skips)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from chanye.core.importing import import_register
from chanye.core.tests.utils import history_total, run_demo

SLUG = "guangzhou-12218"
TODAY = "2025-09-30"


@pytest.fixture
def demo_world(system, targets):
    run_demo(system, "places", "projects", "lists", today=TODAY)
    return system


def _registers():
    from chanye.lists.importing import EXPANSIONS, LEADS, TRANSFERS
    from chanye.places.importing import CARRIERS, LAND
    from chanye.projects.importing import INVESTMENTS, PROJECTS

    return {
        "projects/export.xlsx": (PROJECTS, "Project"),
        "projects/investments/export.xlsx": (INVESTMENTS, "ProjectInvestment"),
        "land/export.xlsx": (LAND, "LandRecord"),
        "carriers/export.xlsx": (CARRIERS, "CarrierRecord"),
        "lists/leads/export.xlsx": (LEADS, "Lead"),
        "lists/transfers/export.xlsx": (TRANSFERS, "Transfer"),
        "lists/expansions/export.xlsx": (EXPANSIONS, "Expansion"),
    }


def test_every_export_imports_back_as_a_no_op(demo_world, city_editor, client_as):
    """One demo, every register in turn (a demo per register would cost a minute of the suite)."""
    client = client_as(city_editor)
    for path, (register, _) in _registers().items():
        response = client.get(f"/s/{SLUG}/{path}")
        assert response.status_code == 200, path
        rows = load_workbook(__import__("io").BytesIO(response.content)).active.max_row - 1
        stored = (
            register.scope(demo_world) if register.scope else register.model.objects.filter(system=demo_world)
        )
        assert rows == stored.count() > 0, path
        before = history_total()

        outcome = import_register(
            register=register,
            system=demo_world,
            user=city_editor,
            content=response.content,
            file_name="回导.xlsx",
            dry_run=False,
        )

        assert outcome.errors == [], path
        assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, rows), path
        assert history_total() == before, path


def test_the_project_export_imports_back_through_the_page(demo_world, city_editor, client_as):
    client = client_as(city_editor)
    content = client.get(f"/s/{SLUG}/projects/export.xlsx").content
    headings = [c.value for c in load_workbook(__import__("io").BytesIO(content)).active[1]]
    assert headings[-6:] == [
        "累计完成投资（万元）（只读）",
        "当前阶段（只读）",
        "对应（只读）",
        "停滞（只读）",
        "已等待（天）（只读）",
        "演示数据（只读）",
    ]
    before = history_total()
    response = client.post(f"/s/{SLUG}/projects/", {"file": SimpleUploadedFile("项目.xlsx", content)})
    assert response.status_code == 200
    assert "新增 0 条、更新 0 条" in response.content.decode()
    assert history_total() == before


def test_an_edited_export_changes_only_the_edited_row(demo_world, city_editor, client_as):
    from io import BytesIO

    from chanye.projects.importing import PROJECTS
    from chanye.projects.models import Project

    content = client_as(city_editor).get(f"/s/{SLUG}/projects/export.xlsx").content
    wb = load_workbook(BytesIO(content))
    ws = wb.active
    code = ws["A2"].value
    ws["B2"] = "改名后的项目"
    buffer = BytesIO()
    wb.save(buffer)
    outcome = import_register(
        register=PROJECTS,
        system=demo_world,
        user=city_editor,
        content=buffer.getvalue(),
        file_name="改.xlsx",
        dry_run=False,
    )
    assert (outcome.created, outcome.updated) == (0, 1)
    assert Project.objects.get(system=demo_world, code=code).name == "改名后的项目"
    assert date.today()  # the export is the records as stored today
