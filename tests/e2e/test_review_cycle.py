"""The whole review cycle in a real browser: submit, return with a comment, correct and resubmit,
validate and publish, open a correction, read the history, start the next cycle carried forward."""

import pytest
from playwright.sync_api import expect

from .conftest import open_cycle, sign_in, sign_out

pytestmark = pytest.mark.e2e


def test_submit_return_resubmit_validate_correct_and_carry_forward(page, live_server, alice, rita, answered):
    url = live_server.url
    # 1. The focal point submits, after a confirmation that says what it means.
    sign_in(page, live_server, "alice")
    page.goto(f"{url}/assessments/{answered.pk}/review/")
    page.click("[data-testid=submit-link]")
    expect(page.locator("[data-testid=submit-confirmation]")).to_contain_text("only once validated is it published")
    page.click("[data-testid=confirm-submit]")
    expect(page.locator("[data-testid=submitted-banner]")).to_be_visible()
    sign_out(page)

    # 2. The reviewer returns it with a comment on one indicator.
    sign_in(page, live_server, "rita")
    page.locator("[data-testid=to-review] a", has_text="Review").click()
    page.fill("textarea[name='SW-2__review']", "Which agencies are connected? Cite the regulation.")
    page.click("[data-testid=return]")
    expect(page.locator("[data-testid=returned-banner]")).to_be_visible()
    sign_out(page)

    # 3. The focal point sees the comment beside the answer, changes it and resubmits.
    sign_in(page, live_server, "alice")
    page.goto(f"{url}/assessments/{answered.pk}/review/")
    expect(page.locator("[data-testid=open-comment-SW-2]")).to_contain_text("Which agencies are connected?")
    page.locator("[data-testid=open-comment-SW-2] a", has_text="SW-2").click()
    expect(page.locator("[data-testid=review-comment-SW-2]")).to_contain_text("Cite the regulation")
    page.check("input[name='SW-2__value'][value='3']")
    page.fill("textarea[name='SW-2__evidence']", "Customs and 30 agencies, per the Single Window Regulation art. 4")
    page.click("button:has-text('Save draft')")
    expect(page.locator(".alert-success")).to_have_text("Draft saved.")
    page.goto(f"{url}/assessments/{answered.pk}/review/")
    expect(page.locator("[data-testid^=open-comment-]")).to_have_count(0)
    expect(page.locator("[data-testid=addressed-comment-SW-2]")).to_contain_text("answer changed")
    page.click("[data-testid=submit-link]")
    page.click("[data-testid=confirm-submit]")
    sign_out(page)

    # 4. The reviewer validates it, and it appears on the public compare page.
    sign_in(page, live_server, "rita")
    page.goto(f"{url}/assessments/{answered.pk}/decision/")
    page.click("[data-testid=validate]")
    expect(page.locator("[data-testid=publish-confirmation]")).to_contain_text("/compare/?cycle=2025")
    page.click("[data-testid=confirm-publish]")
    expect(page.locator("[data-testid=status-validated]").first).to_be_visible()
    sign_out(page)
    page.goto(f"{url}/compare/?cycle=2025")
    expect(page.locator("table").first).to_contain_text("Chinese Taipei")

    # 5. The focal point opens a correction (version 2); the history shows who changed what, when.
    sign_in(page, live_server, "alice")
    page.goto(f"{url}/assessments/{answered.pk}/")
    page.click("[data-testid=open-correction]")
    page.fill("textarea[name=reason]", "SW-1 was rated before the regulation passed.")
    page.click("[data-testid=confirm-correction]")
    expect(page.locator(".alert-success")).to_contain_text("Version 2 is open for corrections")
    page.goto(f"{url}/assessments/{answered.pk}/history/")
    history = page.locator("[data-testid=history]")
    for text in ("Submitted for review", "Returned for changes", "Validated", "Which agencies are connected?"):
        expect(history).to_contain_text(text)
    expect(history.locator("tr", has_text="Single Window Regulation art. 4")).to_contain_text("alice")
    expect(history.locator("tr", has_text="review: Returned for changes")).to_contain_text("rita")

    # 6. The next cycle starts carried forward from the validated answers.
    open_cycle(2026)
    page.goto(f"{url}/")
    page.select_option("select[name=economy]", label="Chinese Taipei")
    page.select_option("select[name=cycle]", "2026")
    page.check("input[name=carry_forward]")
    page.click("button:has-text('Open questionnaire')")
    expect(page.locator("[data-testid=carried-SW-2]")).to_contain_text("Carried forward from 2025")
    expect(page.locator("input[name='SW-2__value'][value='3']")).to_be_checked()
