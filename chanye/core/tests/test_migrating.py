"""Renaming an app on a database that holds its data: tables, migration records and content types
move to the new name; a second run, or a database without the old app, changes nothing."""

from django.db import connection

from chanye.core.migrating import rename_app


def _tables() -> set[str]:
    return set(connection.introspection.table_names())


def test_an_old_apps_tables_records_and_content_types_move_to_the_new_name(db):
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE oldapp_item (id INTEGER PRIMARY KEY, name VARCHAR(20))")
        cursor.execute("CREATE TABLE oldapp_historicalitem (id INTEGER PRIMARY KEY)")
        cursor.execute("INSERT INTO oldapp_item (id, name) VALUES (1, '甲线索')")
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES ('oldapp', '0001_initial', CURRENT_TIMESTAMP)"
        )
        cursor.execute("INSERT INTO django_content_type (app_label, model) VALUES ('oldapp', 'item')")

    renamed = rename_app(old="oldapp", new="newapp")

    assert renamed == ["newapp_historicalitem", "newapp_item"]
    assert {"newapp_item", "newapp_historicalitem"} <= _tables() and not {
        t for t in _tables() if t.startswith("oldapp_")
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM newapp_item")
        assert cursor.fetchall() == [("甲线索",)]
        cursor.execute("SELECT name FROM django_migrations WHERE app = 'newapp'")
        assert cursor.fetchall() == [("0001_initial",)]
        cursor.execute("SELECT COUNT(*) FROM django_content_type WHERE app_label = 'oldapp'")
        assert cursor.fetchone() == (0,)
    assert rename_app(old="oldapp", new="newapp") == []  # done once


def test_a_database_without_the_old_app_is_left_alone(db):
    before = _tables()

    assert rename_app(old="pipelines", new="lists") == []
    assert _tables() == before and "lists_lead" in before
