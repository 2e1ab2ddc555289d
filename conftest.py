"""Shared fixtures: the shipped system, the personas, and a logged-in client per persona.

Personas (house style §12): `admin` (市级管理员), `city_editor`, `tianhe_editor` (天河 440106),
`haizhu_editor` (海珠 440105), `office_editor` (人工智能产业发展办公室), `viewer`.
"""

from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parent
SHIPPED_SYSTEM_FILE = REPO_DIR / "data" / "systems" / "guangzhou-12218.yaml"
SHIPPED_TARGETS_FILE = REPO_DIR / "data" / "systems" / "guangzhou-12218-targets.yaml"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, as a freshly started worker does."""
    from django.core.cache import cache

    from chanye.enterprises.concordance import forget_compiled

    cache.clear()
    forget_compiled()  # compiled from the database, which each test rolls back


@pytest.fixture(scope="session")
def shipped_definition():
    """The parsed Guangzhou definition, read once per session (parsing the file takes a while)."""
    from chanye.systems.definition import read_definition

    return read_definition(SHIPPED_SYSTEM_FILE)


_SHIPPED = {}  # what the session load returned, per test database (one per xdist worker)


def _load_shipped(definition):
    """Guangzhou "12218" and its targets, loaded as `chanye system load` and `chanye targets load` would."""
    from chanye.accounts.services import cli_user
    from chanye.core.history import SOURCE_CLI
    from chanye.systems.services import system_load
    from chanye.targets.definition import parse_targets
    from chanye.targets.selectors import known_refs
    from chanye.targets.services import targets_load

    cli = cli_user()
    system = system_load(definition=definition, user=cli, source=SOURCE_CLI).system
    parsed = parse_targets(SHIPPED_TARGETS_FILE.read_text(encoding="utf-8"), known_refs(system))
    report = targets_load(definition=parsed, system=system, user=cli, source=SOURCE_CLI)
    _SHIPPED["targets_report"] = report
    return system


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, shipped_definition):
    """The shipped system and its targets are loaded once per test database, not once per test:
    every test runs in a transaction that is rolled back, so each starts from this loaded state.
    Tests that need an empty database say so with the `empty_db` fixture."""
    with django_db_blocker.unblock():
        _load_shipped(shipped_definition)


def _wipe(*app_labels):
    """Delete every row of these apps' tables (history included) inside the test's transaction.
    Foreign keys are deferred on SQLite and PostgreSQL alike, so the order does not matter, and
    the rollback at the end of the test brings everything back."""
    from django.apps import apps
    from django.db import connection

    with connection.cursor() as cursor:
        for label in app_labels:
            for model in apps.get_app_config(label).get_models(include_auto_created=True):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    from django.core.cache import cache

    cache.clear()


DOMAIN_APPS = (
    "core",
    "systems",
    "industries",
    "districts",
    "targets",
    "enterprises",
    "per_mu",
    "places",
    "projects",
    "lists",
)


@pytest.fixture
def empty_db(db):
    """A database as `chanye init` first finds it: migrated, with no system and no user."""
    from django.contrib.auth import get_user_model

    _wipe(*DOMAIN_APPS, "accounts")
    user = get_user_model()
    for model in (user.groups.through, user.user_permissions.through, user):
        model.objects.all()._raw_delete(model.objects.db)


@pytest.fixture
def cli(db):
    from chanye.accounts.services import cli_user

    return cli_user()


@pytest.fixture
def system(db, cli, shipped_definition):
    """Guangzhou "12218" with its targets, as `chanye system load` and `chanye targets load` leave it.
    Loaded once per session; a transactional test (whose database is flushed) loads it again."""
    from chanye.systems.models import System

    found = System.objects.filter(slug=shipped_definition.system.slug).first()
    return found or _load_shipped(shipped_definition)


@pytest.fixture
def bare_system(system):
    """The shipped system without its targets, for tests that load or compute targets themselves."""
    _wipe("targets")
    return system


@pytest.fixture
def targets(system, cli):
    """The shipped targets of `system` (loaded with it); returns the report of that load."""
    return _SHIPPED["targets_report"]


def _persona(username, role, **kwargs):
    from chanye.accounts.services import user_create

    user, password = user_create(username=username, role=role, display_name=username, **kwargs)
    user.raw_password = password
    return user


@pytest.fixture
def admin(db):
    return _persona("admin", "city_admin")


@pytest.fixture
def city_editor(db):
    return _persona("city_editor", "city_editor")


@pytest.fixture
def tianhe_editor(system):
    return _persona("tianhe_editor", "district_editor", district=system.districts.get(code="440106"))


@pytest.fixture
def haizhu_editor(system):
    return _persona("haizhu_editor", "district_editor", district=system.districts.get(code="440105"))


@pytest.fixture
def huangpu_editor(system):
    return _persona("huangpu_editor", "district_editor", district=system.districts.get(code="440112"))


@pytest.fixture
def office_editor(system):
    return _persona("office_editor", "office_editor", offices=[system.offices.get(key="office_ai")])


@pytest.fixture
def viewer(db):
    return _persona("viewer", "viewer")


@pytest.fixture
def client_as(db):
    """client_as(user) -> a django test Client logged in as `user`."""
    from django.test import Client

    def make(user):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


@pytest.fixture
def run_worker(monkeypatch):
    """run_worker() does what `chanye worker --batch` does, inside the test's transaction: the
    worker's habit of closing stale connections between tasks would close the test's own."""
    from io import StringIO

    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> str:
        out = StringIO()
        call_command("worker", "--batch", stdout=out)
        return out.getvalue()

    return run
