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
        self._per_mu_rule_sets(cli)
        self._places(cli)
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

    def _places(self, cli):
        """The parks, platforms, areas and projects the default system's source article names (with quotes)."""
        from chanye.places.services import places_load

        system = System.objects.filter(slug=settings.DEFAULT_SYSTEM_SLUG).first()
        if system is None:
            return
        from chanye.projects.services import named_projects_load

        self._load_file("园区文件", places_load, system, cli, "已载入来源文件点名的园区、平台和片区 {n} 个（面积、日期待补充）。")
        self._load_file("项目文件", named_projects_load, system, cli, "已载入来源文件点名的项目 {n} 个（阶段和投资待登记）。")

    def _load_file(self, what: str, load, system, cli, done: str) -> None:
        """One companion data file of the system: a bad file stops init with every problem listed."""
        from django.core.exceptions import ValidationError

        try:
            n = load(system=system, user=cli)
        except ValidationError as exc:
            raise CommandError(f"{what}有问题：\n" + "\n".join(exc.messages)) from None
        if n:
            self.stdout.write(done.format(n=n))

    def _per_mu_rule_sets(self, cli):
        """The 亩均 rule sets shipped in data/per_mu, for every system (added or updated by key)."""
        from django.core.exceptions import ValidationError

        from chanye.per_mu.services import rule_sets_load

        for system in System.objects.all():
            try:
                changed = rule_sets_load(system=system, user=cli)
            except ValidationError as exc:
                raise CommandError("；".join(exc.messages)) from None
            if changed:
                self.stdout.write(f"体系「{system.name_zh}」：载入亩均评价规则集 {changed} 个。")

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
