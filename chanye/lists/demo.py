"""`chanye demo` for the three lists (招商、科技转化、增资扩产), labelled 演示数据."""

from datetime import date

from .services import lists_demo, lists_demo_clear


def lists_demo_step(*, system, user, today: date, enterprises: int, done: dict) -> list[str]:
    if added := lists_demo(system=system, user=user, today=today):
        return [f"演示清单：招商、科技转化、增资扩产清单新增 {added} 条（标注“演示数据”）。"]
    return []


def lists_demo_clear_step(*, system, user) -> list[str]:
    return [f"已删除演示清单条目 {lists_demo_clear(system=system, user=user)} 条。"]
