import sys

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from chanye.accounts.services import cli_user
from chanye.core.history import SOURCE_CLI
from chanye.systems.definition import DefinitionError, read_definition
from chanye.systems.export import system_export_yaml
from chanye.systems.models import System
from chanye.systems.selectors import system_counts
from chanye.systems.services import system_load


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "产业体系定义：load 校验并载入文件；export 导出；list 列出已载入的体系。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="校验并载入体系定义文件（有任何问题则不做任何改动）")
        load.add_argument("file")
        load.add_argument("--dry-run", action="store_true", help="只校验并报告将发生的变更，不写入")
        load.add_argument("--user", help="记入变更记录的用户名（默认内置账号 cli）")
        export = sub.add_parser("export", help="导出体系定义（可再载入得到相同状态）")
        export.add_argument("slug", nargs="?", help="体系标识（默认唯一或默认体系）")
        export.add_argument("-o", "--output", help="输出文件（默认标准输出）")
        sub.add_parser("list", help="列出已载入的体系")

    def handle(self, *args, **options):
        try:
            getattr(self, f"_{options['action']}")(options)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None

    def _user(self, username):
        if not username:
            return cli_user()
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"找不到用户「{username}」。请先用 chanye user create 创建，或去掉 --user。")
        return user

    def _load(self, options):
        try:
            definition = read_definition(options["file"])
        except DefinitionError as exc:
            lines = "\n".join(f"  - {p}" for p in exc.problems)
            raise CommandError(
                f"{options['file']}：发现 {len(exc.problems)} 个问题，数据库未做任何改动：\n{lines}"
            ) from None
        if options["dry_run"]:
            try:
                with transaction.atomic():
                    # Inside the rolled-back block: a dry run must not even create the built-in cli user.
                    user = self._user(options.get("user"))
                    report = system_load(definition=definition, user=user, source=SOURCE_CLI)
                    raise _DryRun
            except _DryRun:
                pass
            self.stdout.write(f"[试运行，未写入] {report.summary()}")
            return
        user = self._user(options.get("user"))
        report = system_load(definition=definition, user=user, source=SOURCE_CLI)
        self.stdout.write(self.style.SUCCESS(report.summary()))

    def _export(self, options):
        slug = options.get("slug")
        system = System.objects.filter(slug=slug).first() if slug else System.objects.order_by("pk").first()
        if system is None:
            known = "、".join(System.objects.values_list("slug", flat=True)) or "（无）"
            raise CommandError(f"找不到体系「{slug or ''}」。已载入：{known}。")
        text = system_export_yaml(system)
        if options.get("output"):
            with open(options["output"], "w", encoding="utf-8") as f:
                f.write(text)
            self.stdout.write(f"已导出到 {options['output']}")
        else:
            sys.stdout.write(text)

    def _list(self, options):
        for system in System.objects.all():
            c = system_counts(system)
            self.stdout.write(
                f"{system.slug}\t{system.name_zh}\t产业 {c['industries']}（待确认 {c['industries_pending']}）\t区 {c['districts']}\t产业办 {c['offices']}"
            )
