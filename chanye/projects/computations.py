"""Computed actuals from projects: 技改项目 implemented (started) per month."""

from chanye.analytics.months import monthly_flows
from chanye.targets.computations import flag_demo, register, scoped_to_target, target_window


@register(
    "tech_upgrade_projects_started",
    "开工实施的技改项目数",
    unit="个",
    depends_on=("projects.Project",),
    complete=True,
    records="projects:project_list",
)
def _tech_upgrade_started(system, target, on):
    from .models import Project

    start, end = target_window(target, on)
    qs = scoped_to_target(Project.objects.filter(system=system, kind="tech_upgrade"), target)
    return flag_demo(
        monthly_flows(((d, 1) for d in qs.values_list("started_on", flat=True)), start=start, end=end),
        qs,
        "started_on",
        start,
        end,
    )
