import os
import shutil
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


class Command(BaseCommand):
    help = "启动驾驶舱网页服务（gunicorn）。有未执行的数据库迁移时拒绝启动。"

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--workers", default=os.getenv("CHANYE_WORKERS", "2"))
        parser.add_argument("--dev", action="store_true", help="用 Django 开发服务器（自动重载）")

    def handle(self, *args, **options):
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            raise CommandError(f"有 {len(pending)} 个数据库迁移尚未执行。请先运行：chanye init")
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(self.style.SUCCESS(f"驾驶舱地址：{url}  （Ctrl+C 停止）"))
        self.stdout.flush()
        if options["dev"]:
            from django.core.management import call_command

            call_command("runserver", f"{options['host']}:{options['port']}")
            return
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which("gunicorn")
        if not gunicorn:
            raise CommandError("找不到 gunicorn。请先运行 make setup。")
        os.execv(
            gunicorn,
            [
                gunicorn,
                "chanye.wsgi:application",
                "--bind",
                f"{options['host']}:{options['port']}",
                "--workers",
                str(options["workers"]),
                "--access-logfile",
                "-",
                "--timeout",
                "120",
            ],
        )
