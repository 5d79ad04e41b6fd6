import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessment.loaders import DocumentError, import_answer_file, parse_answer_file


class Command(BaseCommand):
    help = "Save an answer file as a draft assessment: all of it, or nothing if any key is wrong."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise CommandError(f"{file}: {error}") from None
        try:
            assessment = import_answer_file(parse_answer_file(document))
        except DocumentError as error:
            raise CommandError("\n".join(f"{key}: {reason}" for key, reason in error.errors)) from None
        self.stdout.write(f"Imported assessment {assessment.pk}: {assessment} ({assessment.get_status_display()}).")
