"""Loading content: economies, framework versions, best practices, crosswalks, prerequisites, reference indicators.

Every loader validates the whole document first and saves nothing unless all
of it is valid; errors name the offending key. Answer files are read in
answers/files.py.
"""

from __future__ import annotations

from django.db import transaction

from .. import answer_rules, page_cache, roadmap, scoring
from ..models import (
    Area,
    BestPractice,
    Economy,
    Framework,
    Indicator,
    IndicatorMapping,
    Prerequisite,
    ReferenceIndicator,
)
from . import crosswalk
from .selectors import load_framework_content


class DocumentError(Exception):
    """A document that cannot be loaded; .errors lists (key, reason) pairs."""

    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__("; ".join(f"{key}: {reason}" for key, reason in errors))
        self.errors = errors

    def as_text(self, limit: int = 20) -> str:
        """The errors for a terminal, a line each; past `limit` they are counted."""
        lines = [f"{key}: {reason}" for key, reason in self.errors[:limit]]
        if len(self.errors) > limit:
            lines.append(f"… and {len(self.errors) - limit} more")
        return "\n".join(lines)


def load_economies(rows: list[dict]) -> int:
    """Create or update economies by code; returns how many rows were loaded."""
    with transaction.atomic():
        for row in rows:
            Economy.objects.update_or_create(
                code=row["code"], defaults={"name": row["name"], "name_zh": row.get("name_zh", "")}
            )
    return len(rows)


def _structure(document: dict) -> list[tuple]:
    return [
        (area["code"], float(area["weight"]), [(i["code"], float(i["weight"])) for i in area["indicators"]])
        for area in document["areas"]
    ]


def _check_framework(document: dict) -> list[tuple[str, str]]:
    errors = []
    codes = set()
    for a, area in enumerate(document.get("areas", [])):
        for i, indicator in enumerate(area.get("indicators", [])):
            key = f"areas[{a}].indicators[{i}]"
            if indicator.get("code") in codes:
                errors.append((key, f"duplicate indicator code {indicator.get('code')!r}"))
            codes.add(indicator.get("code"))
            if len(indicator.get("levels", [])) != len(scoring.LEVELS):
                errors.append((key, f"needs {len(scoring.LEVELS)} level descriptions"))
            if "levels_zh" in indicator and len(indicator["levels_zh"]) != len(scoring.LEVELS):
                errors.append((key, f"needs {len(scoring.LEVELS)} level descriptions in Chinese too"))
            if not float(indicator.get("weight", 0)) > 0:
                errors.append((key, "weight must be positive"))
    if not document.get("areas"):
        errors.append(("areas", "at least one area is needed"))
    return errors


def in_both_languages(document: dict, *names: str) -> dict:
    """The model fields of these texts: English from `name`, Traditional Chinese from `name_zh`
    (None where the document gives none, so that reading falls back to English)."""
    fields = {}
    for name in names:
        english = document.get(name, "" if name != "levels" else None)
        fields[name] = fields[f"{name}_en"] = english
        fields[f"{name}_zh_hant"] = document.get(f"{name}_zh") or None
    return fields


def load_framework(document: dict, *, make_current: bool = True) -> Framework:
    """Create a framework version, or refresh the texts of an existing one.

    Codes and weights of a version that assessments already use never change:
    that would rescore them silently. Such a change needs a new version.
    """
    errors = _check_framework(document)
    if errors:
        raise DocumentError(errors)
    with transaction.atomic():
        framework, created = Framework.objects.update_or_create(
            version=document["version"], defaults=in_both_languages(document, "title", "description")
        )
        if not created and framework.assessments.exists():
            content = load_framework_content(framework)
            stored = [
                (area.code, float(area.weight), [(i.code, float(i.weight)) for i in area.indicators.all()])
                for area in content.areas
            ]
            if stored != _structure(document):
                raise DocumentError(
                    [("version", f"{framework.version} is in use; change codes or weights in a new version")]
                )
        for order, area_doc in enumerate(document["areas"], start=1):
            area, _ = Area.objects.update_or_create(
                framework=framework,
                code=area_doc["code"],
                defaults={
                    "name": area_doc["name"],
                    "name_zh": area_doc.get("name_zh", ""),
                    **in_both_languages(area_doc, "description", "weight_rationale"),
                    "weight": area_doc["weight"],
                    "order": area_doc.get("order", order),
                },
            )
            for position, indicator_doc in enumerate(area_doc["indicators"], start=1):
                Indicator.objects.update_or_create(
                    area=area,
                    code=indicator_doc["code"],
                    defaults={
                        **in_both_languages(indicator_doc, "question", "guidance", "weight_rationale", "levels"),
                        "weight": indicator_doc["weight"],
                        "references": indicator_doc.get("references", []),
                        "report_lines": indicator_doc.get("report_lines", []),
                        "order": position,
                    },
                )
        if make_current:
            Framework.objects.exclude(pk=framework.pk).update(is_current=False)
            framework.is_current = True
            framework.save(update_fields=["is_current"])
        transaction.on_commit(page_cache.forget_all)
    return framework


def load_best_practices(framework: Framework, rows: list[dict]) -> int:
    """Replace the framework's best practices with these rows; all or nothing."""
    areas = {area.code: area for area in Area.objects.filter(framework=framework)}
    economies = {economy.code: economy for economy in Economy.objects.all()}
    errors = []
    for n, row in enumerate(rows):
        if row.get("area") not in areas:
            errors.append((f"[{n}].area", f"no area {row.get('area')!r}"))
        codes = practice_economies(row)
        if codes is None:
            errors.append((f"[{n}].economies", "must be a list of economy codes"))
        for code in [code for code in codes or [] if code not in economies]:
            errors.append((f"[{n}].economies", f"no economy {code!r}"))
        if row.get("level") not in scoring.LEVELS[1:]:
            errors.append((f"[{n}].level", "must be 1–4"))
        if not isinstance(row.get("line"), int) or not row.get("section"):
            errors.append((f"[{n}]", "needs a report section and line"))
        # Checked here because SQLite stores an over-long text that PostgreSQL refuses.
        for name in ("source", "source_zh", "title", "title_zh", "section"):
            limit = BestPractice._meta.get_field(name.removesuffix("_zh")).max_length
            if len(row.get(name) or "") > limit:
                errors.append((f"[{n}].{name}", f"at most {limit} characters"))
        if row.get("kind", BestPractice.Kind.PRACTICE) not in BestPractice.Kind.values:
            errors.append((f"[{n}].kind", f"must be one of {', '.join(BestPractice.Kind.values)}"))
    if errors:
        raise DocumentError(errors)
    with transaction.atomic():
        BestPractice.objects.filter(area__framework=framework).delete()
        created = BestPractice.objects.bulk_create(
            BestPractice(
                area=areas[row["area"]],
                kind=row.get("kind", BestPractice.Kind.PRACTICE),
                level=row["level"],
                **in_both_languages(row, "source", "title", "summary"),
                section=row["section"],
                line=row["line"],
                quote=row.get("quote", ""),
            )
            for row in rows
        )
        BestPractice.economies.through.objects.bulk_create(
            BestPractice.economies.through(bestpractice_id=practice.pk, economy_id=economies[code].pk)
            for practice, row in zip(created, rows, strict=True)
            for code in practice_economies(row)
        )
        transaction.on_commit(page_cache.forget_all)
    return len(rows)


def practice_economies(row: dict) -> list[str] | None:
    """The economy codes a best-practice row names: `economies` (a list), or the older single
    `economy` (a code or null); None when `economies` is not a list of codes."""
    if "economies" in row:
        codes = row["economies"]
        if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
            return None
        return list(dict.fromkeys(codes))
    return [] if row.get("economy") is None else [row["economy"]]


def load_crosswalk(document: dict) -> int:
    """Replace the crosswalk between two framework versions; refused whole if any indicator is left unmapped."""
    frameworks = {
        f.version: f for f in Framework.objects.filter(version__in=[document.get("from"), document.get("to")])
    }
    older, newer = frameworks.get(document.get("from")), frameworks.get(document.get("to"))
    if older is None or newer is None:
        raise DocumentError([("from/to", "both framework versions must be loaded first")])
    sources = {i.code: i for i in Indicator.objects.filter(area__framework=older)}
    targets = {i.code: i for i in Indicator.objects.filter(area__framework=newer)}
    rows = document.get("mappings", [])
    errors = []
    maps = []
    for n, row in enumerate(rows):
        if row.get("relation") not in IndicatorMapping.Relation.values:
            errors.append((f"mappings[{n}].relation", f"must be one of {', '.join(IndicatorMapping.Relation.values)}"))
        if not isinstance(row.get("to"), dict) or not row["to"]:
            errors.append((f"mappings[{n}].to", "must name at least one indicator of the newer version"))
            continue
        for target, levels in row["to"].items():
            maps.append(crosswalk.IndicatorMap(row.get("from"), target, levels or {}))
    errors += crosswalk.problems(maps, set(sources), set(targets))
    if errors:
        raise DocumentError(errors)
    relations = {(row.get("from"), target): row for row in rows for target in row["to"]}
    with transaction.atomic():
        IndicatorMapping.objects.filter(target__area__framework=newer).delete()
        IndicatorMapping.objects.bulk_create(
            IndicatorMapping(
                source=sources.get(m.source),
                target=targets[m.target],
                relation=relations[(m.source, m.target)]["relation"],
                levels=dict(m.levels),
                rule=relations[(m.source, m.target)].get("rule", ""),
            )
            for m in maps
        )
    return len(maps)


PREREQUISITE_KEYS = ("indicator", "level", "needs_indicator", "needs_level")


def load_prerequisites(document: dict) -> int:
    """Replace the prerequisites of a framework version; refused whole, naming the fault, if one names an
    unknown indicator, a level outside 1–4, no reason or source, or if they form a cycle (roadmap.py)."""
    framework = Framework.objects.filter(version=document.get("framework")).first()
    if framework is None:
        raise DocumentError([("framework", f"no framework version {document.get('framework')!r}; load it first")])
    indicators = {i.code: i for i in Indicator.objects.filter(area__framework=framework)}
    rows = document.get("prerequisites", [])
    errors = []
    for n, row in enumerate(rows):
        if not all(key in row for key in PREREQUISITE_KEYS):
            errors.append((f"prerequisites[{n}]", f"needs {', '.join(PREREQUISITE_KEYS)}"))
        elif not row.get("why") or not row.get("source"):
            errors.append((f"prerequisites[{n}]", "needs its reason (why) and its source"))
        elif len(row["source"]) > Prerequisite._meta.get_field("source").max_length:
            errors.append((f"prerequisites[{n}].source", "too long"))
    if errors:
        raise DocumentError(errors)
    specs = [roadmap.Prerequisite(*(row[key] for key in PREREQUISITE_KEYS)) for row in rows]
    spec = load_framework_content(framework).spec
    try:
        roadmap.check_prerequisites(spec, specs)
    except roadmap.PrerequisiteError as error:
        raise DocumentError([("prerequisites", str(error))]) from None
    with transaction.atomic():
        Prerequisite.objects.filter(indicator__area__framework=framework).delete()
        Prerequisite.objects.bulk_create(
            Prerequisite(
                indicator=indicators[row["indicator"]],
                level=row["level"],
                needs=indicators[row["needs_indicator"]],
                needs_level=row["needs_level"],
                **in_both_languages(row, "why"),
                source=row["source"],
            )
            for row in rows
        )
        transaction.on_commit(page_cache.forget_all)
    return len(rows)


REFERENCE_COLUMNS = [
    *("source", "source_zh", "year", "economy", "measure", "measure_zh", "value", "scale", "url", "copy_url"),
]


# The labels' lengths, checked because SQLite stores an over-long text that PostgreSQL refuses.
REFERENCE_TEXTS = {
    name: ReferenceIndicator._meta.get_field(name.removesuffix("_zh")).max_length
    for name in ("source", "source_zh", "measure", "measure_zh")
}


def load_reference_indicators(rows: list[dict]) -> int:
    """Replace the reference indicators with these CSV rows (the labels in English and, in `source_zh`
    and `measure_zh`, Traditional Chinese); all or nothing."""
    economies = {economy.code: economy for economy in Economy.objects.all()}
    errors, indicators = [], []
    for n, row in enumerate(rows, start=2):  # line 1 is the header
        # `copy_url`, the third-party copy a value was transcribed from, may be left out.
        if list(row) not in (REFERENCE_COLUMNS, REFERENCE_COLUMNS[:-1]):
            raise DocumentError([("(header)", f"the columns must be {','.join(REFERENCE_COLUMNS)}")])
        try:
            low, high = (float(bound) for bound in row["scale"].split("-"))
            value = float(row["value"])
            year = int(row["year"])
        except ValueError:
            errors.append((f"line {n}", "year, value and scale (low-high) must be numbers"))
            continue
        if row["economy"] not in economies:
            errors.append((f"line {n}", f"no economy {answer_rules.excerpt(row['economy'])}"))
        elif not low <= value <= high:
            errors.append((f"line {n}", f"{value} is outside the scale {row['scale']}"))
        elif not row["url"].startswith("https://") or not row["source"] or not row["measure"]:
            errors.append((f"line {n}", "every value needs its source, measure and an https address"))
        elif row.get("copy_url") and not row["copy_url"].startswith("https://"):
            errors.append((f"line {n}", "the copy's address, if given, must be an https address"))
        elif too_long := [name for name in REFERENCE_TEXTS if len(row[name]) > REFERENCE_TEXTS[name]]:
            errors.append((f"line {n}", f"{too_long[0]}: at most {REFERENCE_TEXTS[too_long[0]]} characters"))
        else:
            indicators.append(
                ReferenceIndicator(
                    **in_both_languages(row, "source", "measure"), year=year, economy=economies[row["economy"]],
                    value=value, scale=row["scale"], url=row["url"], copy_url=row.get("copy_url") or "",
                )
            )  # fmt: skip
    if errors:
        raise DocumentError(errors)
    with transaction.atomic():
        ReferenceIndicator.objects.all().delete()
        ReferenceIndicator.objects.bulk_create(indicators)
        transaction.on_commit(page_cache.forget_all)
    return len(indicators)
