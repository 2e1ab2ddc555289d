from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from chanye.accounts.services import cli_user, readonly_user, user_create
from chanye.core.history import SOURCE_CLI, acting_as
from chanye.systems.definition import DefinitionError, read_definition
from chanye.systems.models import System
from chanye.systems.services import system_load


class Command(BaseCommand):
    help = "初始化：迁移数据库、载入默认产业体系（首次）、创建管理员（首次，密码只显示一次）。"

    def add_arguments(self, parser):
        parser.add_argument("--admin", default="admin", help="管理员用户名（默认 admin）")
        parser.add_argument("--no-admin", action="store_true", help="不创建管理员")

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        cli = cli_user()
        readonly_user()
        if not System.objects.exists():
            try:
                definition = read_definition(settings.DEFAULT_SYSTEM_FILE)
            except DefinitionError as exc:
                raise CommandError(f"默认体系文件 {settings.DEFAULT_SYSTEM_FILE} 有问题：\n{exc}") from None
            report = system_load(definition=definition, user=cli, source=SOURCE_CLI)
            self.stdout.write(report.summary())
        else:
            self.stdout.write(f"数据库已有 {System.objects.count()} 个体系，跳过默认体系载入（更新请用 chanye system load 文件）。")
        self._default_targets(cli)
        self._named_enterprises(cli)
        if not options["no_admin"]:
            with acting_as(cli, source=SOURCE_CLI):
                self._ensure_admin(options["admin"])

    def _default_targets(self, cli):
        from chanye.targets.definition import parse_targets
        from chanye.targets.selectors import known_refs
        from chanye.targets.services import targets_load

        system = System.objects.filter(slug=settings.DEFAULT_SYSTEM_SLUG).first()
        path = settings.DEFAULT_TARGETS_FILE
        if system is None or system.targets.exists() or not path.exists():
            return
        try:
            definition = parse_targets(path.read_text(encoding="utf-8"), known_refs(system))
        except DefinitionError as exc:
            raise CommandError(f"默认目标文件 {path} 有问题：\n{exc}") from None
        self.stdout.write(targets_load(definition=definition, system=system, user=cli, source=SOURCE_CLI).summary())

    def _named_enterprises(self, cli):
        """The firms the default system's source article names: real firms, codes pending, no figures."""
        from chanye.enterprises.services import named_enterprises_load

        system = System.objects.filter(slug=settings.DEFAULT_SYSTEM_SLUG).first()
        if system is not None and (added := named_enterprises_load(system=system, user=cli)):
            self.stdout.write(f"已载入来源文件点名的企业 {added} 家（统一社会信用代码待确认，经营数据留空）。")

    def _ensure_admin(self, username):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"管理员账号「{username}」已存在。忘记密码可运行：chanye user reset-password {username}")
            return
        _, password = user_create(username=username, role="city_admin", display_name="管理员")
        self.stdout.write(self.style.SUCCESS(f"已创建管理员：用户名 {username}  密码 {password}"))
        self.stdout.write("（密码只显示这一次，请妥善保存；忘记时可运行 chanye user reset-password 重置。）")
