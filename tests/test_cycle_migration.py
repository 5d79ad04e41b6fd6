"""The data migrations give existing assessments the cycles of their years."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("assessment", "0019_cycles")]
AFTER = [("assessment", "0020_cycles_of_existing_assessments")]
BEFORE_REQUIRED = [("assessment", "0021_prerequisites_targets")]
REQUIRED = [("assessment", "0022_programme_cycle_required")]


@pytest.mark.django_db(transaction=True)
def test_existing_assessments_get_cycles_with_a_derived_status():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Economy, Framework, Assessment = (
        apps.get_model("assessment", name) for name in ("Economy", "Framework", "Assessment")
    )
    economy = Economy.objects.create(code="CT", name="Chinese Taipei")
    framework = Framework.objects.create(version="T.1", title="T", is_current=True)
    for year, status, illustrative in ((2023, "draft", True), (2024, "validated", False), (2025, "submitted", False)):
        Assessment.objects.create(
            economy=economy, cycle=year, framework=framework, status=status, is_illustrative=illustrative
        )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Assessment = apps.get_model("assessment", "Assessment")
    found = {a.cycle: (a.programme_cycle.year, a.programme_cycle.status) for a in Assessment.objects.all()}
    assert found == {2023: (2023, "published"), 2024: (2024, "published"), 2025: (2025, "open")}
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_an_assessment_without_a_cycle_gets_its_years_before_the_cycle_becomes_required():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_REQUIRED)
    apps = executor.loader.project_state(BEFORE_REQUIRED).apps
    Economy, Framework, Cycle, Assessment = (
        apps.get_model("assessment", name) for name in ("Economy", "Framework", "Cycle", "Assessment")
    )
    economy = Economy.objects.create(code="CT", name="Chinese Taipei")
    framework = Framework.objects.create(version="T.1", title="T", is_current=True)
    planned = Cycle.objects.create(
        year=2024,
        framework=framework,
        opens_on=datetime.date(2024, 3, 1),
        due_on=datetime.date(2024, 9, 30),
        publication_date=datetime.date(2024, 10, 1),
    )
    # The migration state's model has no save() of ours, so these are written without a cycle.
    for year, status in ((2024, "validated"), (2025, "draft")):
        Assessment.objects.create(economy=economy, cycle=year, framework=framework, status=status)
    executor = MigrationExecutor(connection)
    executor.migrate(REQUIRED)
    apps = executor.loader.project_state(REQUIRED).apps
    Assessment = apps.get_model("assessment", "Assessment")
    found = {
        a.cycle: (a.programme_cycle.year, a.programme_cycle.status, a.public_from)
        for a in Assessment.objects.select_related("programme_cycle")
    }
    assert found == {2024: (2024, "planned", planned.publication_date), 2025: (2025, "open", None)}
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
