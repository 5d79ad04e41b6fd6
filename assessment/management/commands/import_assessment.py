from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessment.answers.files import import_answer_file, parse_answer_file, read_json_file

from ...framework.loaders import DocumentError


class Command(BaseCommand):
    help = "Save an answer file as a draft assessment: all of it, or nothing if any key is wrong."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            assessment = import_answer_file(parse_answer_file(read_json_file(file)))
        except DocumentError as error:
            raise CommandError(error.as_text()) from None
        self.stdout.write(f"Imported assessment {assessment.pk}: {assessment} ({assessment.get_status_display()}).")
