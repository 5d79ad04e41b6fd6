"""A best practice may belong to several economies (a joint system, a joint operation): the single
`economy` becomes a many-to-many `economies`, each row keeping the economy it had."""

from django.db import migrations, models


def copy_economy(apps, schema_editor):
    BestPractice = apps.get_model("assessment", "BestPractice")
    for practice in BestPractice.objects.exclude(economy=None).only("pk", "economy_id"):
        practice.economies.add(practice.economy_id)


def copy_back(apps, schema_editor):
    BestPractice = apps.get_model("assessment", "BestPractice")
    for practice in BestPractice.objects.prefetch_related("economies"):
        first = min((economy.pk for economy in practice.economies.all()), default=None)
        BestPractice.objects.filter(pk=practice.pk).update(economy_id=first)


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0015_request_limits"),
    ]

    operations = [
        migrations.AddField(
            model_name="bestpractice",
            name="economies",
            field=models.ManyToManyField(
                blank=True,
                help_text="Every economy whose practice this is; none of them is shown it as a peer's.",
                related_name="best_practices",
                to="assessment.economy",
                verbose_name="economies",
            ),
        ),
        migrations.RunPython(copy_economy, copy_back),
        migrations.RemoveField(model_name="bestpractice", name="economy"),
    ]
