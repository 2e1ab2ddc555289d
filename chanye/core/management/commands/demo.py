from datetime import date

from django.core.management.base import BaseCommand, CommandError

from chanye.accounts.services import cli_user
from chanye.enterprises.services import enterprises_demo, enterprises_demo_clear
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
            return
        today = date.fromisoformat(options["today"]) if options.get("today") else date.today()
        count = demo_generate(system=system, today=today, user=cli_user())
        self.stdout.write(f"演示数据已更新：写入目标实际值 {count} 条（来源标注为“演示数据”，不会覆盖真实填报；已是最新的不重复写入）。")
        if options["enterprises"]:
            added = enterprises_demo(system=system, n=options["enterprises"], user=cli_user())
            self.stdout.write(f"演示企业：新增 {added} 家（共需 {options['enterprises']} 家，已有的不重复生成；名称与代码均为虚构，标注“演示数据”）。")
