from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from assessment.loaders import DocumentError, import_answer_file, parse_answer_file, read_json_file

DEMO_FOLDER = Path(settings.BASE_DIR) / "fixtures" / "demo"


class Command(BaseCommand):
    help = "Load the illustrative assessments from fixtures/demo/ (idempotent)."

    def handle(self, *args, **options):
        for path in sorted(DEMO_FOLDER.glob("*.json")):
            try:
                answer_file = parse_answer_file(read_json_file(path))
                if not answer_file.illustrative:
                    raise CommandError(f"{path.name}: demo assessments must be marked illustrative")
                assessment = import_answer_file(answer_file)
            except DocumentError as error:
                raise CommandError(f"{path.name}: {error.as_text()}") from None
            self.stdout.write(f"Loaded illustrative assessment {assessment} ({len(answer_file.inputs)} answers).")
