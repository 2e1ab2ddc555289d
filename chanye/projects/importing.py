"""The project register for import (chanye.core.registers does the checking and writing)."""

from chanye.analytics import projects as pj
from chanye.core.registers import Col, Register, district_lookups, words

from .models import PROJECT_KINDS, STAGE_FIELDS, Project, ProjectInvestment


def project_lookups(system) -> dict:
    from chanye.enterprises.models import Enterprise
    from chanye.places.models import Park

    industries = {}
    for pk, slug, name in system.industries.values_list("pk", "slug", "name_zh"):
        industries[slug] = industries[name] = pk
    offices = {}
    for pk, key, name in system.offices.values_list("pk", "key", "name_zh"):
        offices[key] = offices[name] = pk
    parks = {}
    for pk, key, name in Park.objects.filter(system=system).values_list("pk", "key", "name_zh"):
        parks[key] = parks[name] = pk
    # Firms by credit code only: names are not unique, codes are.
    firms = dict(Enterprise.objects.filter(system=system).exclude(uscc=None).values_list("uscc", "pk"))
    segments = {}
    for pk, key, name in system.industries.values_list("segments__pk", "segments__key", "segments__name_zh"):
        if pk is not None:
            segments[key] = segments.setdefault(name, pk)
    return district_lookups(system) | {
        "segments": segments, "segments_hint": "不是本体系的产业链环节：请填环节名称（见产业链图谱），或留空。",
        "industries": industries, "industries_hint": "不是本体系的产业：请填产业名称（如 智能网联与新能源汽车），或留空。",
        "offices": offices, "offices_hint": "不是本体系的产业发展办公室：请填其名称，或留空。",
        "parks": parks, "parks_hint": "不是已登记的园区：请填园区名称或标识，或留空。",
        "firms": firms, "firms_hint": "企业登记中没有这个统一社会信用代码：请先导入企业，或留空。",
    }  # fmt: skip


def _stage_order(clean: dict) -> list[tuple[str, str]]:
    dates = {stage: clean.get(field) for stage, field in STAGE_FIELDS.items()}
    return [(STAGE_FIELDS[stage], message + "：请核对。") for stage, message in pj.order_problems(dates)]


PROJECT_COLUMNS = [
    Col("项目编号", "code", True, max_len=60, hint="如 TH-2025-001"),
    Col("项目名称", "name", True),
    Col("类型", "kind", True, "choice", words(PROJECT_KINDS, {"技改": "tech_upgrade", "重点": "key", "招商": "investment", "招商项目": "investment"})),
    Col("所在区", "district", True, "lookup", lookup="districts"),
    Col("产业", "industry", False, "lookup", lookup="industries"),
    Col("产业链环节", "segment", False, "lookup", lookup="segments"),
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
    "项目", Project, PROJECT_COLUMNS, ("code",), project_lookups,
    computations=("tech_upgrade_projects_started",), check=_stage_order,
)  # fmt: skip


def investment_lookups(system) -> dict:
    return {"projects": dict(Project.objects.filter(system=system).values_list("code", "pk")), "projects_hint": "项目库中没有这个项目编号：请先导入项目。"}


INVESTMENTS = Register(
    "项目投资", ProjectInvestment,
    [Col("项目编号", "project", True, "lookup", lookup="projects"), Col("年", "year", True, "int", bounds=(2000, 2100)),
     Col("月", "month", True, "int", bounds=(1, 12)), Col("计划投资（万元）", "planned", False, "money"), Col("完成投资（万元）", "completed", False, "money")],
    ("project", "year", "month"), investment_lookups, scope=lambda system: ProjectInvestment.objects.filter(project__system=system),
)  # fmt: skip
