from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from assessment.answers.files import import_answer_file, parse_answer_file, read_json_file

from ...framework.loaders import DocumentError

# The illustrative assessments on framework 2023.1, then their re-rating on each later version.
DEMO_FOLDERS = sorted((Path(settings.BASE_DIR) / "fixtures").glob("demo*"))


class Command(BaseCommand):
    help = "Load the illustrative assessments from fixtures/demo*/ (idempotent)."

    def handle(self, *args, **options):
        for path in [path for folder in DEMO_FOLDERS for path in sorted(folder.glob("*.json"))]:
            try:
                answer_file = parse_answer_file(read_json_file(path))
                if not answer_file.illustrative:
                    raise CommandError(f"{path.name}: demo assessments must be marked illustrative")
                assessment = import_answer_file(answer_file)
            except DocumentError as error:
                raise CommandError(f"{path.name}: {error.as_text()}") from None
            self.stdout.write(f"Loaded illustrative assessment {assessment} ({len(answer_file.inputs)} answers).")
