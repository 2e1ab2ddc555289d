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

    cache.clear()


@pytest.fixture(scope="session")
def shipped_definition():
    """The parsed Guangzhou definition, read once per session (parsing the file takes a while)."""
    from chanye.systems.definition import read_definition

    return read_definition(SHIPPED_SYSTEM_FILE)


@pytest.fixture
def cli(db):
    from chanye.accounts.services import cli_user

    return cli_user()


@pytest.fixture
def system(db, cli, shipped_definition):
    """Guangzhou "12218" loaded into the test database, as `chanye system load` would."""
    from chanye.core.history import SOURCE_CLI
    from chanye.systems.services import system_load

    return system_load(definition=shipped_definition, user=cli, source=SOURCE_CLI).system


@pytest.fixture
def targets(system, cli):
    """The shipped targets file loaded for `system`, as `chanye targets load` would (returns the report)."""
    from chanye.core.history import SOURCE_CLI
    from chanye.targets.definition import parse_targets
    from chanye.targets.selectors import known_refs
    from chanye.targets.services import targets_load

    definition = parse_targets(SHIPPED_TARGETS_FILE.read_text(encoding="utf-8"), known_refs(system))
    return targets_load(definition=definition, system=system, user=cli, source=SOURCE_CLI)


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
