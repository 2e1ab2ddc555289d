import logging
import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from chanye.core.history import SOURCE_CLI, acting_as

from .models import (
    ROLE_CHOICES,
    ROLE_DISTRICT_EDITOR,
    ROLE_OFFICE_EDITOR,
    ROLE_VIEWER,
    Profile,
    SecurityEvent,
)

logger = logging.getLogger(__name__)

# Built-in accounts: `cli` signs the history rows of command-line writes; `readonly` is the viewer
# that `chanye get` reads as. Neither has a usable password, so neither can log in.
CLI_USERNAME = "cli"
READONLY_USERNAME = "readonly"


def _builtin(username: str, role: str, display_name: str):
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"is_active": True})
    if created:
        user.set_unusable_password()
        user.save()
        # Only commands create the built-in accounts: sign the profile's history row as a CLI write.
        with acting_as(user if username == CLI_USERNAME else cli_user(), source=SOURCE_CLI):
            Profile.objects.create(user=user, role=role, display_name=display_name)
    return user


def cli_user():
    from .models import ROLE_CITY_ADMIN

    return _builtin(CLI_USERNAME, ROLE_CITY_ADMIN, "命令行")


def readonly_user():
    return _builtin(READONLY_USERNAME, ROLE_VIEWER, "只读（命令行）")


def generate_password() -> str:
    return secrets.token_urlsafe(12)


@transaction.atomic
def user_create(
    *,
    username: str,
    role: str,
    password: str | None = None,
    district=None,
    offices=(),
    display_name: str = "",
):
    """Create a login with a role. Returns (user, password); the password is generated when not given."""
    User = get_user_model()
    if role not in dict(ROLE_CHOICES):
        raise ValidationError(f"未知角色「{role}」。可选：{'、'.join(dict(ROLE_CHOICES))}。")
    if User.objects.filter(username=username).exists():
        raise ValidationError(f"用户名「{username}」已存在。请换一个用户名。")
    if role == ROLE_DISTRICT_EDITOR and district is None:
        raise ValidationError("区级编辑必须指定所属区（--district 行政区划代码）。")
    if role == ROLE_OFFICE_EDITOR and not offices:
        raise ValidationError("产业办编辑必须指定至少一个产业办（--office 标识）。")
    password = password or generate_password()
    user = User(username=username, is_staff=role == "city_admin", is_superuser=role == "city_admin")
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    profile = Profile.objects.create(user=user, role=role, district=district, display_name=display_name)
    if offices:
        profile.offices.set(offices)
    SecurityEvent.objects.create(
        kind="user_created", username=username, detail=f"角色：{profile.get_role_display()}"
    )
    logger.info("创建用户 %s（角色 %s）", username, role)
    return user, password


@transaction.atomic
def user_reset_password(*, username: str) -> str:
    User = get_user_model()
    try:
        user = User.objects.get(username=username)
    except User.DoesNotExist:
        raise ValidationError(f"找不到用户「{username}」。") from None
    password = generate_password()
    user.set_password(password)
    user.save()
    SecurityEvent.objects.create(kind="password_reset", username=username)
    return password
