import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from assessment.loaders import DocumentError, load_best_practices, load_economies, load_framework

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = "Load the economies, the framework and its best practices from fixtures/ (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--fixtures", type=Path, default=FIXTURES, help="folder holding the content files")

    def handle(self, *args, fixtures: Path, **options):
        try:
            economies = load_economies(_read(fixtures / "economies.json"))
            framework = load_framework(_read(fixtures / "framework.json"))
            practices = load_best_practices(framework, _read(fixtures / "best_practices.json"))
        except DocumentError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Loaded {economies} economies, framework {framework.version} and {practices} best practices."
        )


def _read(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise CommandError(f"{path}: {error}") from None
