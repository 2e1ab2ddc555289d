"""`chanye demo` end to end: every app's demo step, in order, once; `--clear` removes them again.
The apps' own tests call their demo steps directly (chanye.core.tests.utils.run_demo)."""

from io import StringIO

from django.core.management import call_command

from chanye.enterprises.models import Enterprise
from chanye.enterprises.services import named_enterprises_load
from chanye.lists.models import Lead
from chanye.per_mu.models import PerMuRun
from chanye.places.models import Park
from chanye.projects.models import Project
from chanye.targets.models import Observation


def test_the_demo_command_adds_labelled_firms_once(system, cli):
    named_enterprises_load(system=system, user=cli)  # as chanye init does
    out = StringIO()
    call_command("demo", today="2025-09-30", enterprises=300, stdout=out)
    lines = out.getvalue().splitlines()
    assert (
        "演示企业：新增 300 家（共需 300 家，已有的不重复生成；名称与代码均为虚构，标注“演示数据”）。"
        in lines
    )
    assert Enterprise.objects.filter(origin="demo").count() == 300
    assert Enterprise.objects.filter(origin="document", uscc__isnull=True).count() == 13
    again = StringIO()
    call_command("demo", today="2025-09-30", enterprises=300, stdout=again)
    assert "演示企业：新增 0 家" in again.getvalue() and Enterprise.objects.count() == 313
    call_command("demo", clear=True, stdout=StringIO())
    assert Enterprise.objects.filter(origin="demo").count() == 0 and Enterprise.objects.count() == 13
    assert not Observation.objects.filter(origin="demo").exists()
    assert (
        not Park.objects.filter(origin="demo").exists() and not Project.objects.filter(origin="demo").exists()
    )
    assert not Lead.objects.filter(origin="demo").exists()


def test_the_demo_command_runs_every_apps_step_in_order(system, cli):
    out = StringIO()
    call_command("demo", today="2025-09-30", enterprises=300, stdout=out)
    lines = out.getvalue().splitlines()
    starts = [
        "演示园区、用地和载体记录",
        "演示项目",
        "演示清单",
        "演示数据已更新",
        "演示企业：",
        "演示企业入园",
    ]
    positions = [next(i for i, line in enumerate(lines) if line.startswith(s)) for s in starts]
    assert positions == sorted(positions)
    assert Observation.objects.filter(origin="demo").exists() and Lead.objects.filter(origin="demo").exists()
    assert Enterprise.objects.filter(origin="demo", park__isnull=False).exists()
    assert PerMuRun.objects.count() == 0  # no rule set loaded: the 亩均 step has nothing to run
