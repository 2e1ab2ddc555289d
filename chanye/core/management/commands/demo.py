from datetime import date

from django.core.management.base import BaseCommand, CommandError

from chanye.accounts.services import cli_user
from chanye.systems.models import System
from chanye.targets.demo import demo_clear, demo_generate


class Command(BaseCommand):
    help = "生成（或清除）演示数据。演示数据在所有页面、导出和接口中都标注“演示数据”。"

    def add_arguments(self, parser):
        parser.add_argument("--system", help="体系标识（默认第一个体系）")
        parser.add_argument("--clear", action="store_true", help="删除全部演示数据")
        parser.add_argument("--today", help="以该日期为“今天”生成（YYYY-MM-DD），默认今天")

    def handle(self, *args, **options):
        slug = options.get("system")
        system = System.objects.filter(slug=slug).first() if slug else System.objects.order_by("pk").first()
        if system is None:
            raise CommandError("尚未载入任何体系。请先运行 chanye init。")
        if options["clear"]:
            self.stdout.write(f"已删除演示数据 {demo_clear(system=system, user=cli_user())} 条。")
            return
        today = date.fromisoformat(options["today"]) if options.get("today") else date.today()
        count = demo_generate(system=system, today=today, user=cli_user())
        self.stdout.write(f"演示数据已更新：写入目标实际值 {count} 条（来源标注为“演示数据”，不会覆盖真实填报；已是最新的不重复写入）。")
