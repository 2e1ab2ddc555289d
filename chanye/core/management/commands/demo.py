from datetime import date

from django.core.management.base import BaseCommand, CommandError

from chanye.accounts.services import cli_user
from chanye.enterprises.services import enterprises_demo, enterprises_demo_clear
from chanye.pipelines.services import lists_demo, lists_demo_clear
from chanye.places.demo import park_demo_firms, places_demo, places_demo_clear
from chanye.projects.services import projects_demo, projects_demo_clear
from chanye.systems.models import System
from chanye.targets.demo import demo_clear, demo_generate

DEFAULT_ENTERPRISES = 20_000  # enough for every chain map to show strong and weak links


class Command(BaseCommand):
    help = "生成（或清除）演示数据。演示数据在所有页面、导出和接口中都标注“演示数据”。"

    def add_arguments(self, parser):
        parser.add_argument("--system", help="体系标识（默认第一个体系）")
        parser.add_argument("--clear", action="store_true", help="删除全部演示数据")
        parser.add_argument("--today", help="以该日期为“今天”生成（YYYY-MM-DD），默认今天")
        parser.add_argument("--enterprises", type=int, default=DEFAULT_ENTERPRISES, help=f"演示企业数（默认 {DEFAULT_ENTERPRISES}；0 表示不生成）")

    def handle(self, *args, **options):
        slug = options.get("system")
        system = System.objects.filter(slug=slug).first() if slug else System.objects.order_by("pk").first()
        if system is None:
            raise CommandError("尚未载入任何体系。请先运行 chanye init。")
        if options["clear"]:
            self.stdout.write(f"已删除演示数据 {demo_clear(system=system, user=cli_user())} 条。")
            self.stdout.write(f"已删除演示企业 {enterprises_demo_clear(system=system, user=cli_user())} 家。")
            self.stdout.write(f"已删除演示园区、用地和载体记录 {places_demo_clear(system=system, user=cli_user())} 条。")
            self.stdout.write(f"已删除演示清单条目 {lists_demo_clear(system=system, user=cli_user())} 条。")
            self.stdout.write(f"已删除演示项目 {projects_demo_clear(system=system, user=cli_user())} 个。")
            return
        today = date.fromisoformat(options["today"]) if options.get("today") else date.today()
        if added := places_demo(system=system, user=cli_user(), today=today):
            self.stdout.write(f"演示园区、用地和载体记录：新增 {added} 条（标注“演示数据”；相关目标的实际值按记录计算）。")
        if added := projects_demo(system=system, user=cli_user(), today=today):
            self.stdout.write(f"演示项目：新增 {added} 个（含分月投资；标注“演示数据”；技改项目目标的实际值按项目计算）。")
        if added := lists_demo(system=system, user=cli_user(), today=today):
            self.stdout.write(f"演示清单：招商、科技转化、增资扩产清单新增 {added} 条（标注“演示数据”）。")
        count = demo_generate(system=system, today=today, user=cli_user())
        self.stdout.write(f"演示数据已更新：写入目标实际值 {count} 条（来源标注为“演示数据”，不会覆盖真实填报；已是最新的不重复写入）。")
        if options["enterprises"]:
            added = enterprises_demo(system=system, n=options["enterprises"], user=cli_user())
            self.stdout.write(f"演示企业：新增 {added} 家（共需 {options['enterprises']} 家，已有的不重复生成；名称与代码均为虚构，标注“演示数据”）。")
            if placed := park_demo_firms(system=system, user=cli_user()):
                self.stdout.write(f"演示企业入园：{placed} 家演示企业放入演示园区。")
            self._per_mu(system, fresh=bool(added))

    def _per_mu(self, system, *, fresh: bool) -> None:
        """亩均评价 of the two latest years with the default rule set, so the pages and the class
        changes have something to show; done again only when the demo firms changed."""
        from chanye.enterprises.models import EnterpriseFigure
        from chanye.per_mu.models import PerMuRun
        from chanye.per_mu.services import per_mu_evaluate

        rule_set = system.per_mu_rule_sets.filter(is_default=True).first()
        if rule_set is None:
            return
        years = list(EnterpriseFigure.objects.filter(enterprise__system=system, quarter=0).order_by("-year").values_list("year", flat=True).distinct()[:2])[::-1]
        for year in years:
            if fresh or not PerMuRun.objects.filter(rule_set=rule_set, year=year).exists():
                run = per_mu_evaluate(rule_set=rule_set, year=year, user=cli_user())
                self.stdout.write(f"亩均评价（演示数据）：{year} 年「{rule_set.name}」参评 {run.rated} 家，不参评 {run.excluded} 家，缺数据 {run.missing} 家。")
