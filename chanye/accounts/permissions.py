"""Who may write what. One place, used by the pages, the API and the commands.

城市级管理员/编辑 may write everything; 区级编辑 only its own district's data; 产业办编辑 only the
industries its offices own (and their support items); 只读用户 nothing.
"""

from .models import ROLE_CITY_ADMIN, ROLE_CITY_EDITOR, ROLE_DISTRICT_EDITOR, ROLE_OFFICE_EDITOR, ROLE_VIEWER

CITY_ROLES = (ROLE_CITY_ADMIN, ROLE_CITY_EDITOR)


def user_role(user) -> str:
    if user is None or not user.is_authenticated or not user.is_active:
        return ""
    if user.is_superuser:
        return ROLE_CITY_ADMIN
    profile = getattr(user, "profile", None)
    return profile.role if profile else ROLE_VIEWER


def is_city_admin(user) -> bool:
    return user_role(user) == ROLE_CITY_ADMIN


def can_edit_industry(user, industry) -> bool:
    role = user_role(user)
    if role in CITY_ROLES:
        return True
    if role == ROLE_OFFICE_EDITOR and industry.office_id:
        return user.profile.offices.filter(pk=industry.office_id).exists()
    return False


def can_edit_support_item(user, support_item) -> bool:
    return can_edit_industry(user, support_item.industry)


def can_edit_district(user, district) -> bool:
    role = user_role(user)
    if role in CITY_ROLES:
        return True
    return role == ROLE_DISTRICT_EDITOR and user.profile.district_id == district.pk


def can_write_anything(user) -> bool:
    return user_role(user) not in ("", ROLE_VIEWER)


DENIED_INDUSTRY = "无权修改产业「{name}」：只有市级编辑或负责该产业的产业办编辑可以修改。"
DENIED_SUPPORT_ITEM = "无权修改「{name}」：只有市级编辑或负责该产业的产业办编辑可以修改。"
DENIED_DISTRICT = "无权修改「{name}」的数据：区级编辑只能修改本区数据。"


def can_manage_tasks(user) -> bool:
    """The 后台任务 page (imports queued by anyone, nightly work): city admins and editors."""
    return user_role(user) in CITY_ROLES


DENIED_TASKS = "只有市级管理员或编辑可以查看和重试后台任务。"
