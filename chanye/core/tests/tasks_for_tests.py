"""Tasks the worker tests enqueue (a task must be importable by its module path)."""

from django_tasks import task

from chanye.core.worker import named

CALLS = []


@named("测试任务")
@task()
def echo(value: str) -> str:
    CALLS.append(value)
    return f"收到 {value}"


@task()
def boom(row: int) -> None:
    raise ValueError(f"第 {row} 行的数据无法处理")
