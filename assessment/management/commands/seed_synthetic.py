import random

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from assessment.models import Answer, Assessment, Economy, Framework, Indicator

VALUES = ["0", "1", "2", "3", "4", "na", "dk"]


class Command(BaseCommand):
    help = (
        "Fill a SCRATCH database with synthetic validated (published) assessments, for benchmarks and load tests only. "
        "Synthetic economies have codes Z001, Z002, …"
    )

    def add_arguments(self, parser):
        parser.add_argument("--economies", type=int, default=200)
        parser.add_argument("--cycles", type=int, default=5)
        parser.add_argument("--first-cycle", type=int, default=2019)
        parser.add_argument("--apec", action="store_true", help="use the 21 APEC economies instead of Z codes")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--scratch", action="store_true", help="confirm that this database is a scratch copy")

    def handle(self, *args, economies, cycles, first_cycle, apec, seed, scratch, **options):
        if not scratch:
            raise CommandError("this writes synthetic data: pass --scratch, and only on a scratch database")
        framework = Framework.objects.filter(is_current=True).first()
        if framework is None:
            raise CommandError("run load_framework first")
        rng = random.Random(seed)
        indicators = list(Indicator.objects.filter(area__framework=framework))
        if apec:
            chosen = list(Economy.objects.exclude(code__startswith="Z"))
        else:
            chosen = [
                Economy.objects.get_or_create(code=f"Z{n:03d}", defaults={"name": f"Synthetic economy {n:03d}"})[0]
                for n in range(1, economies + 1)
            ]
        author = get_user_model().objects.filter(is_superuser=True).first()
        with transaction.atomic():
            for cycle in range(first_cycle, first_cycle + cycles):
                for economy in chosen:
                    assessment, created = Assessment.objects.get_or_create(
                        economy=economy,
                        cycle=cycle,
                        is_illustrative=False,
                        defaults={"framework": framework, "status": Assessment.Status.VALIDATED, "created_by": author},
                    )
                    if not created:
                        continue
                    skill = rng.random()
                    Answer.objects.bulk_create(
                        Answer(
                            assessment=assessment,
                            indicator=indicator,
                            value=rng.choices(
                                VALUES, weights=[1 - skill, 1, 1 + skill, 1 + 2 * skill, 3 * skill, 0.2, 0.2]
                            )[0],
                        )
                        for indicator in indicators
                    )
        self.stdout.write(f"{len(chosen)} economies × {cycles} cycles of synthetic validated assessments.")
