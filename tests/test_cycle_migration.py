"""The data migration gives existing assessments the cycles of their years."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("assessment", "0019_cycles")]
AFTER = [("assessment", "0020_cycles_of_existing_assessments")]


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
