"""The command line: `chanye get`, `chanye user`, `chanye init`, and the history rows CLI writes leave."""

import json
import re
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command

from chanye.accounts.models import Profile, SecurityEvent
from chanye.cli import main as cli_main
from chanye.core.tests.utils import history_marks, history_since, history_total
from chanye.industries.models import Industry
from chanye.systems.models import System
from conftest import SHIPPED_SYSTEM_FILE

PASSWORD = re.compile(r"密码：(\S+)")


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def assert_all_signed_by_cli(rows) -> None:
    assert rows, "expected history rows"
    assert Counter((r.history_user.username if r.history_user else None, r.source) for r in rows) == {
        ("cli", "cli"): len(rows)
    }


# ---------------------------------------------------------------- chanye get


def test_get_prints_the_industries_json_with_groups_and_segments(system):
    body = json.loads(run("get", "/api/v1/industries"))

    assert body["count"] == 29
    assert len(body["items"]) == 29
    assert Counter(i["group"] for i in body["items"]) == {
        "emerging_pillar": 6, "strategic_leading": 5, "characteristic_advantage": 4, "future": 6, "modern_service": 8,
    }  # fmt: skip
    assert all(i["group_name_zh"] and len(i["segments"]) >= 4 for i in body["items"])
    assert body["items"][0]["segments"][0] == {
        "key": "key_materials",
        "name_zh": "关键材料",
        "stage": "upstream",
        "order": 1,
        "description_zh": "锂镍钴等电池原料、正负极材料、隔膜、电解液、车用轻量化材料",
    }


def test_get_reads_as_the_builtin_readonly_user_that_cannot_log_in(system):
    run("get", "/api/v1/system")

    readonly = get_user_model().objects.get(username="readonly")
    assert readonly.profile.role == "viewer"
    assert not readonly.has_usable_password()


def test_get_prints_chinese_unescaped(system):
    out = run("get", "/api/v1/industries/biomed_health")

    assert '"name_zh": "生物医药与健康"' in out
    assert json.loads(out)["office"] == "office_biomed_health"


def test_get_fails_with_the_http_status_of_an_error(system):
    out = StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("get", "/api/v1/industries/nope", stdout=out)

    assert str(caught.value) == "请求 /api/v1/industries/nope 返回 HTTP 404。"
    assert json.loads(out.getvalue())["errors"] == ["体系「广州市“12218”现代化产业体系」中没有产业「nope」。"]


def test_get_refuses_a_path_without_a_leading_slash(db):
    with pytest.raises(CommandError) as caught:
        call_command("get", "api/v1/industries")

    assert "路径应以 / 开头" in str(caught.value)


def test_console_script_prints_help_and_version_without_django(capsys):
    cli_main(["--help"])
    help_text = capsys.readouterr().out
    cli_main(["version"])
    version = capsys.readouterr().out

    assert help_text.startswith("The `chanye` console script")
    assert "chanye system load FILE" in help_text
    assert re.fullmatch(r"chanye \d+\.\d+\.\d+\n", version)


def test_console_script_rejects_an_unknown_command(capsys):
    with pytest.raises(SystemExit) as caught:
        cli_main(["frobnicate"])

    assert caught.value.code == 2
    assert "未知命令「frobnicate」" in capsys.readouterr().err


# ---------------------------------------------------------------- chanye user


def test_user_create_prints_a_generated_password_that_works(db):
    out = run("user", "create", "zhang", "--role", "city_editor", "--name", "张三")

    [password] = PASSWORD.findall(out)
    user = get_user_model().objects.get(username="zhang")
    assert user.check_password(password)
    assert validate_password(password, user) is None  # passes the project's own password rules
    assert (user.profile.role, user.profile.display_name) == ("city_editor", "张三")
    assert "密码只显示这一次" in out
    assert SecurityEvent.objects.filter(kind="user_created", username="zhang").count() == 1


def test_user_create_generates_a_different_password_each_time(db):
    first = PASSWORD.findall(run("user", "create", "a_user", "--role", "viewer"))
    second = PASSWORD.findall(run("user", "create", "b_user", "--role", "viewer"))

    assert len(first) == len(second) == 1
    assert first != second


def test_user_create_district_editor_requires_a_district(system):
    with pytest.raises(CommandError) as caught:
        call_command("user", "create", "li", "--role", "district_editor")

    assert str(caught.value) == "区级编辑必须指定所属区（--district 行政区划代码）。"
    assert not get_user_model().objects.filter(username="li").exists()


def test_user_create_district_editor_with_its_district(system):
    run("user", "create", "li", "--role", "district_editor", "--district", "440106")

    profile = Profile.objects.get(user__username="li")
    assert (profile.role, profile.district.code, profile.district.name_zh) == (
        "district_editor",
        "440106",
        "天河区",
    )


def test_user_create_with_an_unknown_district_lists_the_codes(system):
    with pytest.raises(CommandError) as caught:
        call_command("user", "create", "li", "--role", "district_editor", "--district", "440199")

    assert "找不到行政区划代码为「440199」的区" in str(caught.value)
    assert "440106" in str(caught.value)
    assert not get_user_model().objects.filter(username="li").exists()


def test_user_create_office_editor_requires_and_gets_its_office(system):
    with pytest.raises(CommandError) as caught:
        call_command("user", "create", "wang", "--role", "office_editor")
    run("user", "create", "wang", "--role", "office_editor", "--office", "office_ai")

    assert str(caught.value) == "产业办编辑必须指定至少一个产业办（--office 标识）。"
    assert list(Profile.objects.get(user__username="wang").offices.values_list("key", flat=True)) == [
        "office_ai"
    ]


def test_user_create_refuses_a_taken_username(db):
    run("user", "create", "zhang", "--role", "viewer")

    with pytest.raises(CommandError) as caught:
        call_command("user", "create", "zhang", "--role", "city_editor")

    assert str(caught.value) == "用户名「zhang」已存在。请换一个用户名。"
    assert get_user_model().objects.get(username="zhang").profile.role == "viewer"


def test_user_reset_password_replaces_the_old_password(db):
    [old] = PASSWORD.findall(run("user", "create", "zhang", "--role", "viewer"))

    out = run("user", "reset-password", "zhang")

    [new] = re.findall(r"的密码：(\S+)（只显示这一次）", out)
    user = get_user_model().objects.get(username="zhang")
    assert user.check_password(new) and not user.check_password(old)
    assert SecurityEvent.objects.filter(kind="password_reset", username="zhang").count() == 1


def test_user_list_shows_role_and_district(system, tianhe_editor, viewer):
    lines = run("user", "list").splitlines()

    assert "tianhe_editor\t区级编辑\t天河区\t启用" in lines
    assert "viewer\t只读用户\t\t启用" in lines


# ---------------------------------------------------------------- chanye init


def test_init_loads_the_default_system_and_prints_the_admin_password_once(empty_db):
    first = run("init")
    second = run("init")

    [password] = re.findall(r"已创建管理员：用户名 admin  密码 (\S+)", first)
    admin = get_user_model().objects.get(username="admin")
    assert admin.check_password(password)
    assert (admin.is_superuser, admin.profile.role) == (True, "city_admin")
    assert "已载入「广州市“12218”现代化产业体系」" in first
    assert Industry.objects.filter(system__slug="guangzhou-12218").count() == 29
    # The second run changes nothing and never shows a password again.
    assert password not in second
    assert "已创建管理员" not in second
    assert "管理员账号「admin」已存在" in second
    assert "跳过默认体系载入" in second
    assert get_user_model().objects.filter(username="admin").count() == 1
    assert System.objects.count() == 1


def test_init_without_admin_creates_no_login(db):
    out = run("init", "--no-admin")

    assert "已创建管理员" not in out
    assert sorted(get_user_model().objects.values_list("username", flat=True)) == ["cli", "readonly"]
    assert not any(u.has_usable_password() for u in get_user_model().objects.all())


# ---------------------------------------------------------------- CLI writes are signed "cli"


def test_system_load_writes_history_signed_by_cli(empty_db):
    marks = history_marks()

    run("system", "load", str(SHIPPED_SYSTEM_FILE))

    rows = history_since(marks)
    assert len(rows) > 700
    assert_all_signed_by_cli(rows)


def test_user_create_writes_history_signed_by_cli(system):
    marks = history_marks()

    run("user", "create", "li", "--role", "district_editor", "--district", "440106")

    rows = history_since(marks)
    assert [type(r).__name__ for r in rows] == ["HistoricalProfile"]
    assert rows[0].user.username == "li"
    assert_all_signed_by_cli(rows)


def test_init_writes_history_signed_by_cli(db):
    run("init")

    assert history_total() > 700
    assert_all_signed_by_cli(history_since({m: 0 for m in history_marks()}))
