"""The project register for import (chanye.core.importing does the checking and writing)."""

from chanye.accounts.permissions import row_guard
from chanye.analytics import projects as pj
from chanye.core.importing import Col, Register, system_lookups, words
from chanye.targets.computations import recompute_register

from .models import PROJECT_KINDS, STAGE_FIELDS, Project, ProjectInvestment


def _stage_order(clean: dict) -> list[tuple[str, str]]:
    dates = {stage: clean.get(field) for stage, field in STAGE_FIELDS.items()}
    return [(STAGE_FIELDS[stage], message + "：请核对。") for stage, message in pj.order_problems(dates)]


PROJECT_COLUMNS = [
    Col("项目编号", "code", True, max_len=60, hint="如 TH-2025-001"),
    Col("项目名称", "name", True),
    Col(
        "类型",
        "kind",
        True,
        "choice",
        words(
            PROJECT_KINDS,
            {"技改": "tech_upgrade", "重点": "key", "招商": "investment", "招商项目": "investment"},
        ),
    ),
    Col("所在区", "district", True, "lookup", lookup="districts"),
    Col("产业", "industry", False, "lookup", lookup="industries"),
    Col("产业链环节", "segment", False, "lookup", lookup="segments", within="industry"),
    Col("企业统一社会信用代码", "enterprise", False, "lookup", lookup="firms"),
    Col("所在园区", "park", False, "lookup", lookup="parks"),
    Col("产业办", "office", False, "lookup", lookup="offices"),
    Col("服务市领导", "leader", max_len=60),
    Col("计划总投资（万元）", "planned_investment", False, "money"),
    Col("签约日期", "signed_on", False, "date"),
    Col("供地日期", "land_on", False, "date"),
    Col("开工日期", "started_on", False, "date"),
    Col("投产日期", "operating_on", False, "date"),
    Col("达产日期", "full_on", False, "date"),
    Col("备注", "note", max_len=300),
]

PROJECTS = Register(
    "项目", Project, PROJECT_COLUMNS, ("code",), system_lookups("industries", "segments", "firms", "parks", "offices", "industry_offices"),
    after_write=recompute_register, computations=("tech_upgrade_projects_started",), check=_stage_order,
    authorize=row_guard(office="office", industry="industry"),
)  # fmt: skip


def investment_lookups(system) -> dict:
    projects = Project.objects.filter(system=system).select_related("industry")
    return {
        "projects": {p.code: p.pk for p in projects},
        "projects_hint": "项目库中没有这个项目编号：请先导入项目。",
        # Where each project belongs (district, office), for the row check of scoped editors.
        "project_places": {
            p.pk: (p.district_id, p.office_id or (p.industry.office_id if p.industry else None))
            for p in projects
        },
    }


def _project_place(row_or_record, lookups: dict):
    project = row_or_record.get("project") if isinstance(row_or_record, dict) else row_or_record.project_id
    return lookups["project_places"].get(project, (None, None))


INVESTMENTS = Register(
    "项目投资", ProjectInvestment,
    [Col("项目编号", "project", True, "lookup", lookup="projects"), Col("年", "year", True, "int", bounds=(2000, 2100)),
     Col("月", "month", True, "int", bounds=(1, 12)), Col("计划投资（万元）", "planned", False, "money"), Col("完成投资（万元）", "completed", False, "money")],
    ("project", "year", "month"), investment_lookups, scope=lambda system: ProjectInvestment.objects.filter(project__system=system),
    authorize=row_guard(district="project", place=_project_place),
)  # fmt: skip
