"""Every kind of page the app shows, for the browser tests that walk them all (accessibility, phones)."""

from assessment.models import Answer, Assessment, Economy, Framework

# Chinese Taipei's draft: some levels, a "don't know" and areas left empty, as a focal point leaves it midway.
DRAFT_ANSWERS = {"SW-1": "3", "SW-2": "dk", "SW-3": "2", "DM-1": "4", "DM-2": "1", "AI-1": "1"}


def draft_midway(user) -> Assessment:
    framework = Framework.objects.get(is_current=True)
    assessment = Assessment.objects.create(
        economy=Economy.objects.get(code="CT"), cycle=2026, framework=framework, created_by=user
    )
    for code, value in DRAFT_ANSWERS.items():
        indicator = framework.areas.get(code=code.split("-")[0]).indicators.get(code=code)
        Answer.objects.create(assessment=assessment, indicator=indicator, value=value, updated_by=user)
    return assessment


def illustrative() -> Assessment:
    return Assessment.objects.filter(is_illustrative=True, economy__code="CT").order_by("-version").first()


def signed_in_pages(draft: Assessment) -> dict[str, str]:
    """Page kind → path, for a focal point of the draft's economy."""
    return {
        "home": "/",
        "questionnaire": f"/assessments/{draft.pk}/areas/SW/",
        "review": f"/assessments/{draft.pk}/review/",
        "profile": f"/assessments/{draft.pk}/",
        "illustrative profile": f"/assessments/{illustrative().pk}/",
        "print summary": f"/assessments/{draft.pk}/summary/",
        "compare": "/compare/?cycle=2023",
        "trend": "/economies/CT/",
        "methodology": "/methodology/",
        "workbook upload": f"/assessments/{draft.pk}/workbook/",
    }


def switch_language(page, code: str) -> None:
    """Choose the language in the navigation's select, as a visitor does (it posts to /i18n/setlang/)."""
    with page.expect_navigation():
        page.select_option("nav select[name=language]", code)


def refuse_a_save(page) -> None:
    """On a questionnaire page: type a link that is not one and save, so that the page comes back refused."""
    page.fill("input[name='SW-2__link']", "not a web address")
    page.click("button[name=action][value=save]")
    page.wait_for_selector("[data-testid=error-summary]")


def sign_in_anywhere(page, live_server, username: str) -> None:
    """sign_in, also where the navigation is folded away (a phone): the user's name is there, not shown."""
    from .conftest import PASSWORD

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=signed-in-as]", state="attached")
