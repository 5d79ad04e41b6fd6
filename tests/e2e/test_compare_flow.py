"""Comparing economies in a real browser."""

import pytest
from playwright.sync_api import expect

from assessment.models import Assessment, Economy, Framework

from ..conftest import answer_all

pytestmark = pytest.mark.e2e


@pytest.fixture
def published(content):
    framework = Framework.objects.get(is_current=True)
    for code, level in (("SGP", 4), ("PE", 2)):
        assessment = Assessment.objects.create(
            economy=Economy.objects.get(code=code), cycle=2023, framework=framework, status=Assessment.Status.VALIDATED
        )
        answer_all(assessment, level)


def test_compare_ranks_reweights_and_links_to_profiles(page, live_server, published):
    page.goto(f"{live_server.url}/compare/")
    table = page.locator("[data-testid=compare-table]")
    expect(table.locator("tbody tr").first).to_have_attribute("data-economy", "SGP")
    expect(page.locator("[data-testid=illustrative-banner]")).to_be_visible()
    expect(page.locator("[data-testid=heatmap] svg")).to_be_visible()

    page.select_option("select[name=weights]", "equal")
    page.click("button:has-text('Compare')")
    expect(page.locator("text=Weights: Equal.")).to_be_visible()

    page.click("th a:has-text('Economy')")
    expect(table.locator("tbody tr").first).to_have_attribute("data-economy", "AUS")

    table.locator("tr[data-economy=PE] a", has_text="Peru").click()
    expect(page.locator("h1")).to_contain_text("Peru")
    expect(page.locator("[data-testid=overall-score]")).to_have_text("50.0")
