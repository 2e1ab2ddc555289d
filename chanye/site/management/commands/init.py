from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from chanye.accounts.services import cli_user, readonly_user, user_create
from chanye.core.history import SOURCE_CLI, acting_as
from chanye.core.migrating import rename_app
from chanye.core.steps import INIT, StepError, declared


class Command(BaseCommand):
    help = "初始化：迁移数据库、载入默认产业体系（首次）、创建管理员（首次，密码只显示一次）。"

    def add_arguments(self, parser):
        parser.add_argument("--admin", default="admin", help="管理员用户名（默认 admin）")
        parser.add_argument("--no-admin", action="store_true", help="不创建管理员")

    def handle(self, *args, **options):
        # The three lists' app was "pipelines" before 0.1: its data moves to "lists" first.
        if renamed := rename_app(old="pipelines", new="lists"):
            self.stdout.write(f"已把三张清单的 {len(renamed)} 张数据表改为新名称（pipelines → lists）。")
        call_command("migrate", interactive=False, verbosity=0)
        cli = cli_user()
        readonly_user()
        # Each app's own set-up (the default system, its targets, named firms, rule sets, places …),
        # in the order the apps declare (chanye/core/steps.py).
        for step in declared(INIT):
            try:
                lines = step.run(user=cli)
            except StepError as exc:
                raise CommandError(str(exc)) from None
            for line in lines:
                self.stdout.write(line)
        if not options["no_admin"]:
            with acting_as(cli, source=SOURCE_CLI):
                self._ensure_admin(options["admin"])

    def _ensure_admin(self, username):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"管理员账号「{username}」已存在。忘记密码可运行：chanye user reset-password {username}"
            )
            return
        _, password = user_create(username=username, role="city_admin", display_name="管理员")
        self.stdout.write(self.style.SUCCESS(f"已创建管理员：用户名 {username}  密码 {password}"))
        self.stdout.write("（密码只显示这一次，请妥善保存；忘记时可运行 chanye user reset-password 重置。）")
