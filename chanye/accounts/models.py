from django.conf import settings
from django.db import models

from chanye.core.history import history

ROLE_CITY_ADMIN = "city_admin"
ROLE_CITY_EDITOR = "city_editor"
ROLE_DISTRICT_EDITOR = "district_editor"
ROLE_OFFICE_EDITOR = "office_editor"
ROLE_VIEWER = "viewer"
ROLE_CHOICES = [
    (ROLE_CITY_ADMIN, "市级管理员"),
    (ROLE_CITY_EDITOR, "市级编辑"),
    (ROLE_DISTRICT_EDITOR, "区级编辑"),
    (ROLE_OFFICE_EDITOR, "产业办编辑"),
    (ROLE_VIEWER, "只读用户"),
]


class Profile(models.Model):
    """A user's role in Chanye and, for scoped roles, the district or offices it may write for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile", verbose_name="用户"
    )
    role = models.CharField("角色", max_length=20, choices=ROLE_CHOICES, default=ROLE_VIEWER)
    district = models.ForeignKey(
        "districts.District",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="editors",
        verbose_name="所属区",
    )
    offices = models.ManyToManyField(
        "industries.Office", blank=True, related_name="editors", verbose_name="所属产业办"
    )
    display_name = models.CharField("姓名", max_length=60, blank=True)
    history = history()

    class Meta:
        verbose_name = "用户角色"
        verbose_name_plural = "用户角色"

    def __str__(self):
        return f"{self.user.username}（{self.get_role_display()}）"


class SecurityEvent(models.Model):
    """Append-only security log (logins, lockouts, role changes, exports), kept apart from data history."""

    KIND_CHOICES = [
        ("login", "登录"),
        ("login_failed", "登录失败"),
        ("logout", "退出"),
        ("role_changed", "角色变更"),
        ("user_created", "创建用户"),
        ("password_reset", "重置密码"),
        ("export", "导出"),
    ]
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    kind = models.CharField("类型", max_length=20, choices=KIND_CHOICES)
    username = models.CharField("用户名", max_length=150, blank=True)
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    detail = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        verbose_name = "安全日志"
        verbose_name_plural = "安全日志"
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("安全日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("安全日志只能追加，不能删除。")
