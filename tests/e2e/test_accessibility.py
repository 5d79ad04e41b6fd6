"""Every kind of page passes axe-core with no serious or critical violation, in English and in
Traditional Chinese, and loads nothing that is not there (no /favicon.ico 404)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import sign_in
from .site_pages import draft_midway, refuse_a_save, signed_in_pages, switch_language

pytestmark = pytest.mark.e2e

BLOCKING = ("serious", "critical")


def blocking_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_every_page_passes_axe_core(page, live_server, alice, language):
    draft = draft_midway(alice)
    missing = []
    page.on("response", lambda response: missing.append(response.url) if response.status == 404 else None)
    found = {}

    page.goto(f"{live_server.url}/accounts/login/")
    switch_language(page, language)
    assert page.locator("html").get_attribute("lang") == language
    found["login"] = blocking_violations(page)

    sign_in(page, live_server, "alice")
    for kind, path in signed_in_pages(draft).items():
        page.goto(live_server.url + path)
        found[kind] = blocking_violations(page)
    page.goto(f"{live_server.url}/assessments/{draft.pk}/areas/SW/")
    refuse_a_save(page)
    found["questionnaire with refused fields"] = blocking_violations(page)

    assert {kind: problems for kind, problems in found.items() if problems} == {}
    assert missing == []
