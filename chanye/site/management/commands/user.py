from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from chanye.accounts.models import ROLE_CHOICES
from chanye.accounts.services import cli_user, user_create, user_reset_password
from chanye.core.history import SOURCE_CLI, acting_as
from chanye.districts.models import District
from chanye.industries.models import Office


class Command(BaseCommand):
    help = "用户管理：create 创建（密码自动生成并只显示一次）；reset-password 重置密码；list 列出。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="创建用户")
        create.add_argument("username")
        create.add_argument("--role", required=True, choices=[k for k, _ in ROLE_CHOICES])
        create.add_argument("--district", help="区级编辑的所属区：六位行政区划代码，如 440106")
        create.add_argument(
            "--office", action="append", default=[], help="产业办编辑的所属产业办标识，可重复"
        )
        create.add_argument("--name", default="", help="姓名")
        reset = sub.add_parser("reset-password", help="重置密码（新密码只显示一次）")
        reset.add_argument("username")
        sub.add_parser("list", help="列出用户")

    def handle(self, *args, **options):
        action = getattr(self, "_" + options["action"].replace("-", "_"))
        try:
            if options["action"] == "list":
                action(options)
                return
            # A command-line write: its history rows are signed by the built-in cli account.
            with acting_as(cli_user(), source=SOURCE_CLI):
                action(options)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None

    def _create(self, options):
        district = None
        if options["district"]:
            district = District.objects.filter(code=options["district"]).first()
            if district is None:
                raise CommandError(
                    f"找不到行政区划代码为「{options['district']}」的区。可用：{'、'.join(District.objects.values_list('code', flat=True))}"
                )
        offices = []
        for key in options["office"]:
            office = Office.objects.filter(key=key).first()
            if office is None:
                raise CommandError(
                    f"找不到产业办「{key}」。可用：{'、'.join(Office.objects.values_list('key', flat=True))}"
                )
            offices.append(office)
        user, password = user_create(
            username=options["username"],
            role=options["role"],
            district=district,
            offices=offices,
            display_name=options["name"],
        )
        self.stdout.write(
            self.style.SUCCESS(f"已创建用户 {user.username}（{options['role']}），密码：{password}")
        )
        self.stdout.write("（密码只显示这一次，请转交用户并提醒其妥善保管。）")

    def _reset_password(self, options):
        password = user_reset_password(username=options["username"])
        self.stdout.write(
            self.style.SUCCESS(f"已重置 {options['username']} 的密码：{password}（只显示这一次）")
        )

    def _list(self, options):
        for user in get_user_model().objects.select_related("profile__district").order_by("username"):
            profile = getattr(user, "profile", None)
            role = (
                profile.get_role_display() if profile else ("市级管理员" if user.is_superuser else "只读用户")
            )
            scope = profile.district.name_zh if profile and profile.district else ""
            self.stdout.write(f"{user.username}\t{role}\t{scope}\t{'启用' if user.is_active else '停用'}")
