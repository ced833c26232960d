"""The personal-data event's summary as text of any length.

A change's summary holds every value it set (typed text as length and SHA-256), which can pass
500 characters; cutting it there lost the end of the record in silence. SQLite rebuilds the
table to change a column, and the append-only triggers belong to the table, so they are dropped
first and made again after (the rows, and so the chain of digests, are copied unchanged).
"""

from django.db import migrations, models

from cspkit.web.audit import append_only


def _add_triggers(apps, schema_editor):
    for sql in append_only.create_sql(schema_editor.connection.vendor):
        schema_editor.execute(sql)


def _drop_triggers(apps, schema_editor):
    for sql in append_only.drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_personal_data_event")]

    operations = [
        migrations.RunPython(_drop_triggers, _add_triggers),
        migrations.AlterField(model_name="personaldataevent", name="summary", field=models.TextField(blank=True)),
        migrations.RunPython(_add_triggers, _drop_triggers),
    ]
