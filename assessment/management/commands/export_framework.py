import json

from django.core.management.base import BaseCommand, CommandError

from assessment.models import Framework

from ...framework.selectors import best_practices_by_area, framework_content, prerequisites_of


class Command(BaseCommand):
    help = "Print a framework version (default: the current one) as JSON."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Django's own --version (its release) gives way to the framework version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--version", dest="framework_version", help="framework version, e.g. 2023.1")

    def handle(self, *args, framework_version=None, **options):
        frameworks = Framework.objects.all()
        framework = (
            frameworks.filter(version=framework_version).first()
            if framework_version
            else frameworks.filter(is_current=True).first()
        )
        if framework is None:
            raise CommandError(f"no framework {framework_version or '(current)'}; run load_framework first")
        content = framework_content(framework)
        document = {
            "version": framework.version,
            "title": framework.title,
            "description": framework.description,
            "scale": {"levels": [0, 1, 2, 3, 4], "other_answers": ["na", "dk"]},
            "areas": [
                {
                    "code": area.code,
                    "name": area.name,
                    "name_zh": area.name_zh,
                    "weight": float(area.weight),
                    "weight_rationale": area.weight_rationale,
                    "indicators": [
                        {
                            "code": indicator.code,
                            "question": indicator.question,
                            "guidance": indicator.guidance,
                            "weight": float(indicator.weight),
                            "weight_rationale": indicator.weight_rationale,
                            "levels": indicator.levels,
                            "references": indicator.references,
                            "report_lines": indicator.report_lines,
                        }
                        for indicator in area.indicators.all()
                    ],
                }
                for area in content.areas
            ],
            # The rows as load_framework reads them: `economies` lists every economy whose practice it is.
            "best_practices": [
                {
                    "area": practice.area.code,
                    "kind": practice.kind,
                    "economies": sorted(economy.code for economy in practice.economies.all()),
                    "source": practice.source,
                    "level": practice.level,
                    "title": practice.title,
                    "summary": practice.summary,
                    "section": practice.section,
                    "line": practice.line,
                    "quote": practice.quote,
                }
                for practices in best_practices_by_area(framework).values()
                for practice in practices
            ],
            "prerequisites": [
                {
                    "indicator": p.indicator.code,
                    "level": p.level,
                    "needs_indicator": p.needs.code,
                    "needs_level": p.needs_level,
                    "why": p.why,
                    "source": p.source,
                }
                for p in prerequisites_of(framework)
            ],
        }
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
