"""Every assessment has its programme cycle: Assessment.save() always sets it, but a row written
around save() (a raw fixture, SQL by hand) could still lack one. Such an assessment first gets its
year's cycle, created if missing as in 0020, then the column becomes NOT NULL.

Not atomic as a whole: on PostgreSQL the update leaves deferred foreign-key checks pending, and
the ALTER TABLE then fails in the same transaction ("cannot ALTER TABLE ... because it has pending
trigger events"). The data step runs in a transaction of its own and can be run again."""

import datetime

import django.db.models.deletion
from django.db import migrations, models


def cycles_for_assessments_without_one(apps, schema_editor):
    Assessment = apps.get_model("assessment", "Assessment")
    Cycle = apps.get_model("assessment", "Cycle")
    missing = Assessment.objects.filter(programme_cycle__isnull=True)
    for year in sorted(set(missing.values_list("cycle", flat=True))):
        of_year = Assessment.objects.filter(cycle=year)
        real = of_year.filter(is_illustrative=False)
        published = real.filter(status="validated").exists() or not real.exists()
        cycle, _created = Cycle.objects.get_or_create(
            year=year,
            defaults={
                "framework_id": of_year.order_by("-framework__created_at").values_list("framework", flat=True)[0],
                "opens_on": datetime.date(year, 1, 1),
                "due_on": datetime.date(year, 12, 31),
                "status": "published" if published else "open",
            },
        )
        missing.filter(cycle=year).update(programme_cycle=cycle, public_from=cycle.publication_date)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("assessment", "0021_prerequisites_targets")]

    operations = [
        migrations.RunPython(cycles_for_assessments_without_one, migrations.RunPython.noop, atomic=True),
        migrations.AlterField(
            model_name="assessment",
            name="programme_cycle",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="assessments",
                to="assessment.cycle",
                verbose_name="programme cycle",
            ),
        ),
    ]
