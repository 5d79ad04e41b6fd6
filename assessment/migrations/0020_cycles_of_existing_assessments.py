"""Give every existing assessment the cycle of its year. A year with validated assessments, or with
only illustrative ones (the 2023 cycle built from the report), is published; a year with work in
progress only is open. Every economy is invited (none selected), the dates span the year, and no
publication date holds back what is public today."""

import datetime

from django.db import migrations


def cycles_for_existing_assessments(apps, schema_editor):
    Assessment = apps.get_model("assessment", "Assessment")
    Cycle = apps.get_model("assessment", "Cycle")
    for year in sorted(set(Assessment.objects.values_list("cycle", flat=True))):
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
        of_year.update(programme_cycle=cycle, public_from=cycle.publication_date)


class Migration(migrations.Migration):
    dependencies = [("assessment", "0019_cycles")]

    operations = [migrations.RunPython(cycles_for_existing_assessments, migrations.RunPython.noop)]
