"""`chanye demo` for projects: the demo projects with their monthly investment (origin 演示数据)."""

from datetime import date

from .services import projects_demo, projects_demo_clear


def projects_demo_step(*, system, user, today: date, enterprises: int, done: dict) -> list[str]:
    if added := projects_demo(system=system, user=user, today=today):
        return [f"演示项目：新增 {added} 个（含分月投资；标注“演示数据”；技改项目目标的实际值按项目计算）。"]
    return []


def projects_demo_clear_step(*, system, user) -> list[str]:
    return [f"已删除演示项目 {projects_demo_clear(system=system, user=user)} 个。"]
