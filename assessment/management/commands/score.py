import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessment import scoring
from assessment.answers.files import parse_answer_file, read_json_file

from ...framework.loaders import DocumentError


class Command(BaseCommand):
    help = "Print the profile JSON of an answer file without saving anything."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            answer_file = parse_answer_file(read_json_file(file))
        except DocumentError as error:
            raise CommandError(error.as_text()) from None
        profile = scoring.score_assessment(answer_file.content.spec, answer_file.answer_values)
        document = scoring.profile_as_dict(profile, answer_file.economy.code, answer_file.cycle)
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
