"""Who may write what: every decision and every refusal message, in one place. The pages, the
API, the imports and the commands ask here; nothing else decides (chanye/site/tests/test_roles.py
checks each write route for each role against this module).

城市级管理员/编辑 may write everything; 区级编辑 its own district's data (the district page, its
targets and milestones, and the rows of the registers it imports: enterprises, projects, land,
carriers, list items); 产业办编辑 the industries its offices own, their support items, the office's
targets, and the projects and list items of those industries; 只读用户 nothing. Placements, 亩均
runs and background tasks are city staff's.

An import is asked twice: may this user import into this register at all (before a byte of the
file is read), then, row by row, may it write this row and change the record it would change
(`row_guard`): a row of another district is refused with its row number, the file is not written.

Objects are read by their attributes (district_id, office_id, owner_kind …), so this module
imports no domain app.
"""

from dataclasses import dataclass

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


# ---------------------------------------------------------------- registers: who may import, and which rows


def can_edit_places(user) -> bool:
    """Land and carrier records (imports): city staff; district editors, their district's rows."""
    return is_city_staff(user) or user_role(user) == ROLE_DISTRICT_EDITOR


def can_edit_projects(user) -> bool:
    """Projects and their monthly investment (imports): city staff; district editors (their
    district's rows) and office editors (their industries' rows)."""
    return can_write_anything(user)


def can_edit_lists(user) -> bool:
    """The three lists (imports, turning a signed lead into a project), scoped as projects."""
    return can_write_anything(user)


def can_import_enterprises(user) -> bool:
    """City staff; district editors, their district's firms (a firm has no office)."""
    return is_city_staff(user) or user_role(user) == ROLE_DISTRICT_EDITOR


@dataclass(frozen=True)
class RowScope:
    """What rows of a register a user may write: all, one district's, or some offices'."""

    everything: bool = False
    district_id: int | None = None
    district_name: str = ""
    office_ids: frozenset = frozenset()


def row_scope(user) -> RowScope:
    """Asked once per import (kept on the user object of the request), not once per row."""
    cached = getattr(user, "_chanye_row_scope", None)
    if cached is not None:
        return cached
    role = user_role(user)
    if role in CITY_ROLES:
        scope = RowScope(everything=True)
    elif role == ROLE_DISTRICT_EDITOR and user.profile.district_id:
        district = user.profile.district
        scope = RowScope(district_id=district.pk, district_name=district.name_zh)
    elif role == ROLE_OFFICE_EDITOR:
        scope = RowScope(office_ids=frozenset(user.profile.offices.values_list("pk", flat=True)))
    else:
        scope = RowScope()
    user._chanye_row_scope = scope
    return scope


def row_refusal(user, *, district_id=None, office_id=None) -> tuple[str, str] | None:
    """None when the user may write a row of this district (and office); else (which of the two
    is wrong: "district" | "office", the message)."""
    scope = row_scope(user)
    if scope.everything:
        return None
    if scope.district_id is not None:
        if district_id == scope.district_id:
            return None
        if district_id is None:
            return "district", DENIED_ROW_NO_DISTRICT.format(own=scope.district_name)
        return "district", DENIED_ROW_DISTRICT.format(own=scope.district_name)
    if scope.office_ids:
        return None if office_id in scope.office_ids else ("office", DENIED_ROW_OFFICE)
    return "district", DENIED_ROW_NOBODY


def can_write_record(user, *, district_id=None, office_id=None) -> bool:
    """One record of a register (e.g. the lead to turn into a project): in the user's scope."""
    return row_refusal(user, district_id=district_id, office_id=office_id) is None


def _ref(row_or_record, name: str):
    """The id a clean import row (a dict) or a stored record holds in its `name` field."""
    if isinstance(row_or_record, dict):
        return row_or_record.get(name)
    return getattr(row_or_record, f"{name}_id", None)


def row_guard(*, district="district", office="", industry="", place=None):
    """A Register.authorize: each row, and the record it would change, in the user's scope.

    A row is placed by its `district` field and its office: the `office` field, else the office
    of the `industry` field (lookups["industry_offices"]); `place(row or record, lookups) ->
    (district id, office id)` replaces both (e.g. a project's monthly investment is placed by its
    project). A refusal points at the district column, or at the industry (else office) column.
    The record must be in scope too: a district editor cannot take over another district's
    project by importing its code."""

    def where(r, lookups: dict):
        if place is not None:
            return place(r, lookups)
        office_id = _ref(r, office) if office else None
        if office_id is None and industry:
            office_id = lookups.get("industry_offices", {}).get(_ref(r, industry))
        return _ref(r, district), office_id

    def authorize(user, clean: dict, current, lookups: dict) -> list[tuple[str, str]]:
        if row_scope(user).everything:
            return []
        district_id, office_id = where(clean, lookups)
        refused = row_refusal(user, district_id=district_id, office_id=office_id)
        if refused:
            which, message = refused
            return [(district if which == "district" else (industry or office or district), message)]
        if current is not None:
            district_id, office_id = where(current, lookups)
            if row_refusal(user, district_id=district_id, office_id=office_id):
                return [(district, DENIED_ROW_RECORD)]
        return []

    return authorize


def can_place_enterprise(user) -> bool:
    """Place a firm in an industry by hand (with a reason), overriding the classifier."""
    return is_city_staff(user)


def can_evaluate_per_mu(user) -> bool:
    return is_city_staff(user)


def can_manage_tasks(user) -> bool:
    """The 后台任务 page (imports queued by anyone, nightly work): city admins and editors."""
    return is_city_staff(user)


DENIED_PLACES_IMPORT = "只有市级管理员、市级编辑和区级编辑（本区数据）可以导入用地和载体记录。"
DENIED_PROJECTS_IMPORT = "只读用户不能导入项目：请联系市级管理员开通编辑角色。"
DENIED_INVESTMENT_IMPORT = "只读用户不能导入项目投资：请联系市级管理员开通编辑角色。"
DENIED_LISTS_IMPORT = "只读用户不能导入清单：请联系市级管理员开通编辑角色。"
DENIED_LEAD_CONVERT = "无权把这条线索转为项目：区级编辑只能转本区的线索，产业办编辑只能转本办产业的线索。"
DENIED_ENTERPRISE_IMPORT = "只有市级管理员、市级编辑和区级编辑（本区企业）可以导入企业。"
DENIED_ROW_DISTRICT = "不是本区：区级编辑只能导入本区（{own}）的数据。请删除这一行，或交由该区填报。"
DENIED_ROW_NO_DISTRICT = "区级编辑导入的每一行都须属于本区：请填写{own}。"
DENIED_ROW_OFFICE = (
    "不是本办负责的产业：产业办编辑只能导入本办产业的数据。请删除这一行，或交由负责的产业办填报。"
)
DENIED_ROW_RECORD = "这个编号已是其他区或其他产业办的记录：只能修改本单位的记录。请核对编号。"
DENIED_FIRM_ELSEWHERE = (
    "这家企业已登记在其他区：区级编辑只能修改本区企业。企业迁入本区的，请联系市级编辑修改所在区。"
)
DENIED_ROW_NOBODY = "只读用户不能导入数据。"
DENIED_PLACEMENT = "只有市级管理员或编辑可以人工归类企业。"
DENIED_PER_MU = "只有市级管理员或编辑可以进行亩均评价。"
DENIED_TASKS = "只有市级管理员或编辑可以查看和重试后台任务。"
