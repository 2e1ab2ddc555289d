"""Who may write what: every decision and every refusal message, in one place. The pages, the
API, the imports and the commands ask here; nothing else decides (chanye/site/tests/test_roles.py
checks each write route for each role against this module).

城市级管理员/编辑 may write everything; 区级编辑 its own district's data (the district page, its
targets and milestones); 产业办编辑 the industries its offices own, their support items and the
office's targets; 只读用户 nothing. The registers (parks, land, carriers, projects, the three lists),
enterprise imports and placements, and 亩均 runs are written by city staff.

Objects are read by their attributes (district_id, office_id, owner_kind …), so this module
imports no domain app.
"""

from .models import ROLE_CITY_ADMIN, ROLE_CITY_EDITOR, ROLE_DISTRICT_EDITOR, ROLE_OFFICE_EDITOR, ROLE_VIEWER

CITY_ROLES = (ROLE_CITY_ADMIN, ROLE_CITY_EDITOR)
OWNER_DISTRICT = "district"  # Target.owner_kind / Milestone.owner_kind
OWNER_OFFICE = "office"


def user_role(user) -> str:
    if user is None or not user.is_authenticated or not user.is_active:
        return ""
    if user.is_superuser:
        return ROLE_CITY_ADMIN
    profile = getattr(user, "profile", None)
    return profile.role if profile else ROLE_VIEWER


def is_city_admin(user) -> bool:
    return user_role(user) == ROLE_CITY_ADMIN


def is_city_staff(user) -> bool:
    return user_role(user) in CITY_ROLES


def can_write_anything(user) -> bool:
    return user_role(user) not in ("", ROLE_VIEWER)


def _in_district(user, district_id) -> bool:
    return (
        user_role(user) == ROLE_DISTRICT_EDITOR
        and district_id is not None
        and user.profile.district_id == district_id
    )


def _in_office(user, office_id) -> bool:
    return (
        user_role(user) == ROLE_OFFICE_EDITOR
        and office_id is not None
        and user.profile.offices.filter(pk=office_id).exists()
    )


# ---------------------------------------------------------------- the system's structure


def can_edit_industry(user, industry) -> bool:
    return is_city_staff(user) or _in_office(user, industry.office_id)


def can_edit_support_item(user, support_item) -> bool:
    return can_edit_industry(user, support_item.industry)


def can_edit_district(user, district) -> bool:
    return is_city_staff(user) or _in_district(user, district.pk)


DENIED_INDUSTRY = "无权修改产业「{name}」：只有市级编辑或负责该产业的产业办编辑可以修改。"
DENIED_SUPPORT_ITEM = "无权修改「{name}」：只有市级编辑或负责该产业的产业办编辑可以修改。"
DENIED_DISTRICT = "无权修改「{name}」的数据：区级编辑只能修改本区数据。"


# ---------------------------------------------------------------- targets and milestones


def can_edit_target(user, target) -> bool:
    """Enter actuals and overrides: city staff; a district's or an office's own targets."""
    if is_city_staff(user):
        return True
    if target.owner_kind == OWNER_DISTRICT:
        return _in_district(user, target.district_id)
    if target.owner_kind == OWNER_OFFICE:
        return _in_office(user, target.office_id)
    return False


def can_edit_milestone(user, milestone) -> bool:
    return is_city_staff(user) or (
        milestone.owner_kind == OWNER_DISTRICT and _in_district(user, milestone.district_id)
    )


DENIED_TARGET = "无权填报目标「{name}」：区级编辑只能填报本区的目标，产业办编辑只能填报本办的目标。"
DENIED_MILESTONE = "无权修改节点任务「{name}」：区级编辑只能修改本区的节点任务。"


# ---------------------------------------------------------------- registers written by city staff


def can_edit_places(user) -> bool:
    """Parks, land and carrier records (imports)."""
    return is_city_staff(user)


def can_edit_projects(user) -> bool:
    """Projects and their monthly investment (imports)."""
    return is_city_staff(user)


def can_edit_lists(user) -> bool:
    """The three lists (imports) and turning a signed lead into a project."""
    return is_city_staff(user)


def can_import_enterprises(user) -> bool:
    return is_city_staff(user)


def can_place_enterprise(user) -> bool:
    """Place a firm in an industry by hand (with a reason), overriding the classifier."""
    return is_city_staff(user)


def can_evaluate_per_mu(user) -> bool:
    return is_city_staff(user)


def can_manage_tasks(user) -> bool:
    """The 后台任务 page (imports queued by anyone, nightly work): city admins and editors."""
    return is_city_staff(user)


DENIED_PLACES_IMPORT = "只有市级管理员或编辑可以导入园区、用地和载体数据。"
DENIED_PROJECTS_IMPORT = "只有市级管理员或编辑可以导入项目。"
DENIED_INVESTMENT_IMPORT = "只有市级管理员或编辑可以导入项目投资。"
DENIED_LISTS_IMPORT = "只有市级管理员或编辑可以导入清单。"
DENIED_LEAD_CONVERT = "只有市级管理员或编辑可以把线索转为项目。"
DENIED_ENTERPRISE_IMPORT = "只有市级管理员或编辑可以导入企业。"
DENIED_PLACEMENT = "只有市级管理员或编辑可以人工归类企业。"
DENIED_PER_MU = "只有市级管理员或编辑可以进行亩均评价。"
DENIED_TASKS = "只有市级管理员或编辑可以查看和重试后台任务。"
