import json

from django.core.management.base import BaseCommand, CommandError
from django.test import Client

from chanye.accounts.services import readonly_user


class Command(BaseCommand):
    help = "以内置只读用户请求 GET PATH，打印 JSON 后退出（供脚本和检查使用）。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="如 /api/v1/industries")

    def handle(self, *args, **options):
        path = options["path"]
        if not path.startswith("/"):
            raise CommandError(f"路径应以 / 开头，如 /api/v1/industries（收到「{path}」）。")
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(readonly_user(), backend="django.contrib.auth.backends.ModelBackend")
        response = client.get(path)
        body = response.content.decode("utf-8")
        if response.get("Content-Type", "").startswith("application/json"):
            body = json.dumps(json.loads(body), ensure_ascii=False, indent=2)
        self.stdout.write(body)
        if response.status_code >= 400:
            raise CommandError(f"请求 {path} 返回 HTTP {response.status_code}。")
