"""Every text users typed, stored with LF line breaks (answer_rules.unify_line_breaks).

Browsers sent a text box's line breaks as CR+LF and they were stored so; every XLSX reader gives
LF, so each multi-line answer showed as changed on every workbook upload (the 2026-12 spreadsheet
trial, F1). From now on every way in stores LF; this rewrites what was stored before.

The history tables are rewritten too, in place: django-simple-history shows a change as the
difference between an answer's consecutive records, so a current LF text after a last CR+LF record
would show the next save as an evidence change nobody made. The line break's encoding is not part
of what anyone wrote (every reader shows the two alike), so the records keep their meaning.
No history record is added: the rows are updated with single UPDATE statements, which record
nothing, and the answers' updated_at stays as it was.
"""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Replace

# The texts users type, by model: answers, the focal points' note on an assessment, reviewers' comments.
TEXT_FIELDS = {
    "Answer": ("evidence", "evidence_link", "comment"),
    "Assessment": ("note",),
    "Review": ("comment",),
    "IndicatorComment": ("text",),
}


def unify_line_breaks(apps, schema_editor):
    """CR+LF, then a lone CR, become LF in every text of TEXT_FIELDS and of its history records."""
    for model_name, fields in TEXT_FIELDS.items():
        for name in (model_name, f"Historical{model_name}"):
            model = apps.get_model("assessment", name)
            for field in fields:
                unified = Replace(Replace(field, Value("\r\n"), Value("\n")), Value("\r"), Value("\n"))
                model.objects.filter(**{f"{field}__contains": "\r"}).update(**{field: unified})


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0013_answered_counts"),
    ]

    operations = [
        # Nothing to undo: which line breaks were CR+LF before is not kept, and LF reads the same.
        migrations.RunPython(unify_line_breaks, migrations.RunPython.noop),
    ]
