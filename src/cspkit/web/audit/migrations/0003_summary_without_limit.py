"""The personal-data event's summary as text of any length.

A change's summary holds every value it set (typed text as length and SHA-256), which can pass
500 characters; cutting it there lost the end of the record in silence. SQLite rebuilds the
table to change a column, and the append-only triggers belong to the table, so they are dropped
first and made again after (the rows, and so the chain of digests, are copied unchanged).
"""

from django.db import migrations, models

from cspkit.web.audit import append_only


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_personal_data_event")]

    operations = [
        migrations.RunPython(append_only.drop_triggers, append_only.add_triggers),
        migrations.AlterField(model_name="personaldataevent", name="summary", field=models.TextField(blank=True)),
        migrations.RunPython(append_only.add_triggers, append_only.drop_triggers),
    ]
