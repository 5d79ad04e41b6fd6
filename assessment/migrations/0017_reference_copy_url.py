"""A reference value names the publisher's page as its source and, beside it, the third-party copy it
was transcribed from (content review 2026-12, check 6)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0016_practice_economies"),
    ]

    operations = [
        migrations.AddField(
            model_name="referenceindicator",
            name="copy_url",
            field=models.URLField(
                blank=True,
                help_text="Where the value was read, when not from the publisher's own page (a third-party copy).",
                max_length=500,
                verbose_name="copy the value was transcribed from",
            ),
        ),
    ]
