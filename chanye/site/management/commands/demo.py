from datetime import date

from django.core.management.base import BaseCommand, CommandError

from chanye.accounts.services import cli_user
from chanye.core.steps import DEMO, DEMO_CLEAR, StepError, declared
from chanye.systems.models import System

DEFAULT_ENTERPRISES = 20_000  # enough for every chain map to show strong and weak links


class Command(BaseCommand):
    help = "生成（或清除）演示数据。演示数据在所有页面、导出和接口中都标注“演示数据”。"

    def add_arguments(self, parser):
        parser.add_argument("--system", help="体系标识（默认第一个体系）")
        parser.add_argument("--clear", action="store_true", help="删除全部演示数据")
        parser.add_argument("--today", help="以该日期为“今天”生成（YYYY-MM-DD），默认今天")
        parser.add_argument(
            "--enterprises",
            type=int,
            default=DEFAULT_ENTERPRISES,
            help=f"演示企业数（默认 {DEFAULT_ENTERPRISES}；0 表示不生成）",
        )

    def handle(self, *args, **options):
        slug = options.get("system")
        system = System.objects.filter(slug=slug).first() if slug else System.objects.order_by("pk").first()
        if system is None:
            raise CommandError("尚未载入任何体系。请先运行 chanye init。")
        user = cli_user()
        # Each app makes (or clears) its own demo data, in the order the apps declare.
        if options["clear"]:
            self._run(DEMO_CLEAR, system=system, user=user)
            return
        today = date.fromisoformat(options["today"]) if options.get("today") else date.today()
        self._run(DEMO, system=system, user=user, today=today, enterprises=options["enterprises"], done={})

    def _run(self, kind: str, **kwargs) -> None:
        for step in declared(kind):
            try:
                lines = step.run(**kwargs)
            except StepError as exc:
                raise CommandError(str(exc)) from None
            for line in lines:
                self.stdout.write(line)
