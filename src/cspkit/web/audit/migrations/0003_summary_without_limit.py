"""The personal-data event's summary as text of any length.

A change's summary holds every value it set (typed text as length and SHA-256), which can pass
500 characters; cutting it there lost the end of the record in silence. SQLite rebuilds the
table to change a column, and the append-only triggers belong to the table, so they are dropped
first and made again after (the rows, and so the chain of digests, are copied unchanged).
"""

from django.db import migrations, models

from cspkit.web.audit import append_only


def _refuse_to_cut_summaries(apps, schema_editor):
    """Going back to 0002 would make the summary 500 characters again, and PostgreSQL cuts longer
    values to fit without a word: the log would be rewritten and its chain of digests broken."""
    event = apps.get_model("audit", "PersonalDataEvent")
    longer = [pk for pk, summary in event.objects.values_list("pk", "summary").iterator() if len(summary) > 500]
    if longer:
        raise migrations.exceptions.IrreversibleError(
            f"{len(longer):,} personal-data audit event{' has a summary' if len(longer) == 1 else 's have summaries'} "
            f"longer than 500 characters (the first is event {min(longer)}); going back to audit 0002 would cut them and break the log's chain of digests")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_personal_data_event")]

    operations = [
        migrations.RunPython(append_only.drop_triggers, append_only.add_triggers),
        migrations.AlterField(model_name="personaldataevent", name="summary", field=models.TextField(blank=True)),
        migrations.RunPython(append_only.add_triggers, append_only.drop_triggers),
        migrations.RunPython(migrations.RunPython.noop, _refuse_to_cut_summaries),  # undone first when going back
    ]
