"""Assessments submitted before review existed were published at once: they become validated.
The Reviewers group carries the review permission; administrators add users to it."""

from django.db import migrations

REVIEWERS = "Reviewers"


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    assessment_app = apps.get_app_config("assessment")
    assessment_app.models_module = True  # so create_permissions sees the historical models
    create_permissions(assessment_app, apps=apps, verbosity=0)
    Assessment = apps.get_model("assessment", "Assessment")
    for assessment in Assessment.objects.filter(status="submitted"):
        assessment.status = "validated"
        assessment.validated_at = assessment.submitted_at
        assessment.save(update_fields=["status", "validated_at"])
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    reviewers, _created = Group.objects.get_or_create(name=REVIEWERS)
    reviewers.permissions.add(Permission.objects.get(content_type__app_label="assessment", codename="review_assessment"))


def backwards(apps, schema_editor):
    Assessment = apps.get_model("assessment", "Assessment")
    Assessment.objects.filter(status="validated").update(status="submitted")


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0004_review_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
