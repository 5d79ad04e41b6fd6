import csv
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ...framework.loaders import (
    DocumentError,
    load_best_practices,
    load_crosswalk,
    load_economies,
    load_framework,
    load_prerequisites,
    load_reference_indicators,
)

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def version_key(path: Path) -> tuple[int, ...]:
    """framework-2024.1.json → (2024, 1): versions load oldest first, and the newest becomes current."""
    return tuple(int(part) for part in path.stem.removeprefix("framework-").split("."))


class Command(BaseCommand):
    help = (
        "Load the economies, every framework version with its best practices, the crosswalks between "
        "versions and the prerequisites of each version from fixtures/ (idempotent). "
        "The newest version becomes the current one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fixtures", type=Path, default=FIXTURES, help="folder holding the content files")

    def handle(self, *args, fixtures: Path, **options):
        versions = sorted(fixtures.glob("framework-*.json"), key=version_key)
        if not versions:
            raise CommandError(f"{fixtures}: no framework-<version>.json file")
        practices_file = fixtures / "best_practices.json"
        try:
            economies = load_economies(_read(fixtures / "economies.json"))
            for path in versions:
                framework = load_framework(_read(path), make_current=path == versions[-1])
                practices = load_best_practices(framework, _read(practices_file)) if practices_file.exists() else 0
            crosswalks = [load_crosswalk(_read(path)) for path in sorted(fixtures.glob("crosswalk-*.json"))]
            prerequisites = sum(load_prerequisites(_read(p)) for p in sorted(fixtures.glob("prerequisites-*.json")))
            references_file = fixtures / "reference_indicators.csv"
            references = load_reference_indicators(_read_csv(references_file)) if references_file.exists() else 0
        except DocumentError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Loaded {economies} economies, framework {', '.join(v.stem.removeprefix('framework-') for v in versions)} "
            f"(current {framework.version}), {practices} best practices, {len(crosswalks)} crosswalk(s), "
            f"{prerequisites} prerequisites and {references} reference values."
        )


def _read(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise CommandError(f"{path}: {error}") from None


def _read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))
