"""Login lockout, idle session timeout, default passwords and the security log (等保 2.0 身份鉴别).

These tests post to the real login page and assert statuses, sessions and rows.
"""

import datetime as dt
from io import StringIO

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from chanye.accounts.models import SecurityEvent
from chanye.core.tests.utils import assert_status

LOGIN = "/accounts/login/"
KNOWN_DEFAULT_PASSWORDS = [
    "", "admin", "admin123", "admin@123", "Admin@123", "administrator", "password", "Passw0rd", "123456", "12345678",
    "123456789", "888888", "000000", "qwerty", "changeme", "chanye", "chanye123", "guangzhou", "12218", "root", "test",
]  # fmt: skip


def login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_login_with_the_right_password_logs_in_and_is_logged(viewer):
    client = Client()

    response = login(client, "viewer", viewer.raw_password)

    assert_status(response, 302)
    assert logged_in_user_id(client) == str(viewer.pk)
    assert list(SecurityEvent.objects.filter(kind="login").values_list("username", "ip_address")) == [
        ("viewer", "127.0.0.1")
    ]


def test_failed_login_is_refused_and_writes_a_security_event(viewer):
    client = Client()

    response = login(client, "viewer", "wrong password")

    assert_status(response, 200)  # the form again, with its error
    assert logged_in_user_id(client) is None
    assert list(SecurityEvent.objects.filter(kind="login_failed").values_list("username", "ip_address")) == [
        ("viewer", "127.0.0.1")
    ]
    assert not SecurityEvent.objects.filter(kind="login").exists()


def test_five_failures_lock_the_account_even_against_the_right_password(viewer):
    client = Client()
    failures = [login(client, "viewer", f"wrong-{n}").status_code for n in range(5)]

    response = login(client, "viewer", viewer.raw_password)

    assert settings.AXES_FAILURE_LIMIT == 5
    assert failures[:4] == [200, 200, 200, 200]
    assert failures[4] == 429  # the fifth failure reaches the limit and locks
    assert_status(response, 429)
    assert logged_in_user_id(client) is None
    assert not SecurityEvent.objects.filter(kind="login").exists()
    assert SecurityEvent.objects.filter(kind="login_failed", username="viewer").count() >= 5
    attempt = AccessAttempt.objects.get(username="viewer")
    # The refused sixth attempt counts as a failure too: it keeps the lock going.
    assert (attempt.failures_since_start, attempt.ip_address) == (6, "127.0.0.1")


def test_a_locked_account_does_not_lock_out_other_users(viewer, city_editor):
    client = Client()
    for n in range(5):
        login(client, "viewer", f"wrong-{n}")

    response = login(client, "city_editor", city_editor.raw_password)

    assert_status(response, 302)
    assert logged_in_user_id(client) == str(city_editor.pk)


def test_fewer_than_five_failures_do_not_lock(viewer):
    client = Client()
    for n in range(4):
        login(client, "viewer", f"wrong-{n}")

    response = login(client, "viewer", viewer.raw_password)

    assert_status(response, 302)
    assert logged_in_user_id(client) == str(viewer.pk)
    assert not AccessAttempt.objects.filter(username="viewer").exists()  # reset on success


def test_inactive_user_cannot_log_in(viewer):
    viewer.is_active = False
    viewer.save()
    client = Client()

    response = login(client, "viewer", viewer.raw_password)

    assert_status(response, 200)
    assert logged_in_user_id(client) is None


# ---------------------------------------------------------------- idle timeout


def test_session_expires_after_30_idle_minutes_and_is_renewed_by_every_request():
    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_logged_in_session_has_the_idle_age(system, viewer):
    client = Client()
    login(client, "viewer", viewer.raw_password)

    response = client.get("/api/v1/system")

    assert_status(response, 200)
    assert client.session.get_expiry_age() == 1800
    assert settings.SESSION_COOKIE_NAME in response.cookies  # saved (and so renewed) on every request


def test_an_expired_session_no_longer_authenticates(system, viewer):
    client = Client()
    login(client, "viewer", viewer.raw_password)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )

    response = client.get("/api/v1/system")

    assert_status(response, 401)
    assert response.json()["errors"] == ["未登录或登录已过期。请先登录。"]


# ---------------------------------------------------------------- default accounts


def test_no_account_has_a_known_default_password(
    admin, city_editor, tianhe_editor, haizhu_editor, office_editor, viewer
):
    call_command("init", stdout=StringIO())  # the admin already exists: init must not add or reset one
    call_command("get", "/api/v1/system", stdout=StringIO())

    users = list(get_user_model().objects.all())
    weak = [
        (u.username, p) for u in users for p in KNOWN_DEFAULT_PASSWORDS + [u.username] if u.check_password(p)
    ]

    assert len(users) == 8  # six personas + the built-in cli and readonly accounts
    assert weak == []
    assert sorted(u.username for u in users if not u.has_usable_password()) == ["cli", "readonly"]


def test_builtin_accounts_cannot_log_in(system):
    call_command("get", "/api/v1/system", stdout=StringIO())
    client = Client()

    responses = [login(client, name, "any password").status_code for name in ("cli", "readonly")]

    assert responses == [200, 200]
    assert logged_in_user_id(client) is None
    assert SecurityEvent.objects.filter(kind="login_failed").count() == 2
