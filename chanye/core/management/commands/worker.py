import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from chanye.core.worker import HEARTBEAT_SECONDS, housekeeping


class Command(BaseCommand):
    help = "运行后台任务进程：执行网页排队的任务（如大文件导入）和定时任务（如每日目标快照）。"

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="执行完已排队的任务后退出（用于脚本和测试）")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="没有任务时每隔多少秒查看一次（默认 1）"
        )

    def handle(self, *args, **options):
        worker_id = get_random_string(32)
        housekeeping(worker_id)  # heartbeat, due schedules, abandoned tasks: before the first task
        stop = threading.Event()
        if not options["batch"]:
            self.stdout.write(f"后台任务进程已启动（编号 {worker_id[:8]}）。Ctrl+C 停止。")
            self.stdout.flush()
            threading.Thread(target=self._keep_house, args=(worker_id, stop), daemon=True).start()
        worker = Worker(
            queue_names=["*"], interval=options["interval"], batch=options["batch"], backend_name="default",
            startup_delay=False, max_tasks=None, worker_id=worker_id, excluded_queue_names=[],
        )  # fmt: skip
        if not options["batch"]:
            worker.configure_signals()
        try:
            worker.run()
        finally:
            stop.set()

    def _keep_house(self, worker_id: str, stop: threading.Event) -> None:
        """Beside the task being run: heartbeats (so a long import is not taken for abandoned),
        schedules and the janitor, every few seconds."""
        while not stop.wait(HEARTBEAT_SECONDS):
            try:
                housekeeping(worker_id)
            except Exception:  # noqa: BLE001 - a database hiccup must not stop the worker; try again next beat
                self.stderr.write("后台任务进程：本次心跳失败，稍后重试。")
            finally:
                close_old_connections()
