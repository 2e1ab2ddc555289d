"""Renaming an app on a database that already holds its data (the three lists' app was called
"pipelines" before 0.1; issue 10). Django has no operation for this, so before `migrate` runs,
`chanye init` moves the old app's tables, migration records and content types to the new name,
in one transaction. A fresh database has nothing to move; a moved one is left alone."""

from django.db import connections, transaction


def rename_app(*, old: str, new: str, using: str = "default") -> list[str]:
    """Rename `old`_* tables to `new`_* and relabel the app; returns the tables renamed."""
    connection = connections[using]
    tables = connection.introspection.table_names()
    if "django_migrations" not in tables:
        return []
    quote = connection.ops.quote_name
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_migrations WHERE app = %s", [old])
        if not cursor.fetchone()[0]:
            return []
        renamed = []
        for table in sorted(t for t in tables if t.startswith(f"{old}_")):
            target = new + table[len(old) :]
            cursor.execute(f"ALTER TABLE {quote(table)} RENAME TO {quote(target)}")
            renamed.append(target)
        cursor.execute("UPDATE django_migrations SET app = %s WHERE app = %s", [new, old])
        if "django_content_type" in tables:
            cursor.execute("UPDATE django_content_type SET app_label = %s WHERE app_label = %s", [new, old])
    return renamed
