"""The 后台任务 page (failed tasks with their error, retried by city staff only) and a worker killed
in the middle of a large enterprise import: nothing of the import is left in the database, the
batch says what happened, its files are gone, and a retry imports the file."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult

from chanye.core.tests.tasks_for_tests import boom, echo
from chanye.core.tests.utils import assert_status

REPO = Path(__file__).resolve().parents[3]
IMPORT_TASK_STATUS = "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path = 'chanye.enterprises.tasks.run_import_batch' ORDER BY enqueued_at"


@pytest.fixture
def failed_task(db, run_worker):
    result = boom.enqueue(12)
    echo.enqueue("白云")
    run_worker()
    return DBTaskResult.objects.get(pk=result.id)


def test_the_page_lists_tasks_with_their_chinese_name_status_and_error(failed_task, city_editor, client_as):
    response = client_as(city_editor).get("/tasks/")

    assert_status(response, 200)
    html = response.content.decode()
    assert "当前有 <b>1</b> 个失败的任务" in html
    assert "第 12 行的数据无法处理" in html and "Traceback" not in html
    assert "测试任务" in html and "收到 白云" in html
    assert f'action="/tasks/{failed_task.pk}/retry/"' in html


@pytest.mark.parametrize("persona", ["viewer", "tianhe_editor", "office_editor"])
def test_only_city_staff_see_and_retry_tasks(failed_task, persona, request, client_as):
    client = client_as(request.getfixturevalue(persona))

    assert client.get("/tasks/").status_code == 403
    assert client.post(f"/tasks/{failed_task.pk}/retry/").status_code == 403
    assert DBTaskResult.objects.filter(status="READY").count() == 0
    assert "后台任务</a>" not in client.get("/ping/").content.decode()


def test_a_retry_queues_the_same_task_again(failed_task, admin, client_as):
    client = client_as(admin)
    assert "后台任务</a>" in client.get("/ping/").content.decode()

    response = client.post(f"/tasks/{failed_task.pk}/retry/", follow=True)

    assert_status(response, 200)
    assert "已重新排队" in response.content.decode()
    again = DBTaskResult.objects.get(status="READY")
    assert (again.task_path, again.args_kwargs) == (failed_task.task_path, {"args": [12], "kwargs": {}})
    assert client.post(f"/tasks/{again.pk}/retry/").status_code == 404  # only failed tasks are retried


# ---------------------------------------------------------------- a worker killed mid-import


def _chanye(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "chanye.cli", *args],
        env=env,
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
        **kwargs,
    )


def _query(db_path: Path, sql: str):
    with sqlite3.connect(db_path) as connection:
        return connection.execute(sql).fetchall()


@pytest.mark.skipif(
    os.getenv("DATABASE_URL", "").startswith("postgres"), reason="runs once, on its own SQLite database"
)
def test_a_worker_killed_in_the_middle_of_an_import_leaves_nothing_half_written(tmp_path):
    """A real worker process on a database of its own: kill -9 once the import's write transaction is open."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {
        "CHANYE_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "chanye.settings",
    }
    db_path = tmp_path / "chanye.sqlite3"
    _chanye(env, "init", "--no-admin")
    script = (
        "import django; django.setup()\n"
        "from chanye.accounts.services import cli_user\n"
        "from chanye.enterprises.concordance import concordance_for\n"
        "from chanye.enterprises.demo import demo_csv\n"
        "from chanye.enterprises.importing import start_batch\n"
        "from chanye.enterprises.views import _run_in_background\n"
        "from chanye.systems.models import System\n"
        "from django.db import transaction\n"
        "system = System.objects.get()\n"
        "districts = list(system.districts.order_by('order').values_list('code', 'name_zh'))\n"
        "content = demo_csv(30000, districts=districts, concordance=concordance_for(system))\n"
        "with transaction.atomic():\n"
        "    batch = start_batch(system=system, user=cli_user(), file_name='企业.csv', content=content, dry_run=False)\n"
        "    _run_in_background(batch, content)\n"
        "print(batch.pk)\n"
    )
    batch_id = int(
        subprocess.run(
            [sys.executable, "-c", script], env=env, cwd=REPO, check=True, capture_output=True, text=True
        ).stdout.strip()
    )
    firms_before = _query(db_path, "SELECT COUNT(*) FROM enterprises_enterprise")[0][0]

    worker = subprocess.Popen(
        [sys.executable, "-m", "chanye.cli", "worker"],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        progress = (
            tmp_path / "imports" / f"{batch_id}.progress.json"
        )  # written once the write transaction is open
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not progress.exists():
            time.sleep(0.02)
        assert progress.exists(), "the import never reached its writing transaction"
        time.sleep(0.3)  # well inside the transaction: firms are being written
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.wait(timeout=30)

    assert _query(db_path, "SELECT COUNT(*) FROM enterprises_enterprise")[0][0] == firms_before
    assert _query(db_path, "SELECT COUNT(*) FROM enterprises_enterprisefigure")[0][0] == 0
    assert _query(db_path, IMPORT_TASK_STATUS) == [("RUNNING",)]
    # The next worker finds the abandoned task (its worker's heartbeat is stale), reports it, and retries.
    _query(db_path, "UPDATE core_workerheartbeat SET seen_at = '2000-01-01 00:00:00'")
    _chanye(env, "worker", "--batch")
    assert _query(db_path, IMPORT_TASK_STATUS) == [("FAILED",)]
    status, errors = _query(
        db_path, f"SELECT status, errors FROM enterprises_importbatch WHERE id = {batch_id}"
    )[0]
    assert status == "error" and json.loads(errors)[0]["message"].startswith(
        "导入中断：后台任务进程在导入完成前停止，数据库未写入任何数据。"
    )
    assert list((tmp_path / "imports").glob(f"spill-{batch_id}-*")) == []
    assert not (tmp_path / "imports" / f"{batch_id}.progress.json").exists()
    # Retried from the page (as city staff would), the stored file is imported whole.
    retry = "import django; django.setup()\nfrom chanye.core.worker import retry\nfrom django_tasks_db.models import DBTaskResult\nretry(str(DBTaskResult.objects.get(status='FAILED').pk))\n"
    subprocess.run([sys.executable, "-c", retry], env=env, cwd=REPO, check=True)
    _chanye(env, "worker", "--batch")
    assert _query(db_path, "SELECT COUNT(*) FROM enterprises_enterprise")[0][0] == firms_before + 30000
    assert (
        _query(db_path, f"SELECT status FROM enterprises_importbatch WHERE id = {batch_id}")[0][0] == "done"
    )


def test_tasks_are_named_in_chinese_even_before_the_worker_imported_them(admin, client_as, monkeypatch):
    from chanye.core import worker

    monkeypatch.setattr(worker, "TASK_NAMES", {})  # a fresh web process: no tasks module imported yet
    monkeypatch.delitem(sys.modules, "chanye.targets.tasks")
    worker.enqueue_due()

    html = client_as(admin).get("/tasks/").content.decode()

    assert "<td>每日目标快照</td>" in html and "其他任务" not in html
