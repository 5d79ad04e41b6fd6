"""A refused save leads to what it refused: an error summary linking each field, a conflict banner
linking each indicator someone else changed; nothing typed is lost."""

import re

from django.urls import reverse

from assessment.models import Answer, Assessment

from .conftest import answer


def url(assessment, area="SW"):
    return reverse("questionnaire", kwargs={"pk": assessment.pk, "area_code": area})


def form_data(assessment, **fields):
    """POST data for area SW, every field blank unless given by its name ("SW-1__link": "…")."""
    data = {"revision": assessment.revision, "action": "save"}
    for n in (1, 2, 3):
        for part in ("value", "evidence", "link", "comment"):
            data[f"SW-{n}__{part}"] = ""
    return data | fields


def error_summary(page: str) -> str:
    start = page.index('data-testid="error-summary"')
    return page[page.rindex("<div", 0, start) : page.index("</div>", start)]


def test_the_error_summary_links_each_refused_field_to_its_input(alice_client, draft):
    data = form_data(draft, **{"SW-1__link": "not a url", "SW-2__value": "7", "SW-3__evidence": "Kept"})
    page = alice_client.post(url(draft), data).content.decode()
    summary = error_summary(page)
    links = re.findall(r'href="#([^"]+)"', summary)
    assert links == ["id_SW-1__link", "id_SW-2__value_0"]
    for anchor in links:
        assert f'id="{anchor}"' in page
    assert "SW-1 · Evidence link: Enter a web address starting with http:// or https://." in summary
    assert "SW-2 · Answer:" in summary
    assert "Kept" in page  # nothing typed is lost


def test_the_error_summary_is_an_alert_at_the_top_that_takes_the_focus(alice_client, draft):
    page = alice_client.post(url(draft), form_data(draft, **{"SW-1__link": "not a url"})).content.decode()
    summary = error_summary(page)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary and "data-error-summary" in summary
    assert "<h2" in summary
    assert page.index('data-testid="error-summary"') < page.index("<h1")
    assert "{#" not in page
    # the banner's sentence is the summary's heading, said once
    assert page.count("Nothing was saved: correct the fields marked below.") == 1


def test_a_page_without_refused_fields_has_no_error_summary(alice_client, draft):
    answer(draft, "SW-1", 2)
    assert 'data-testid="error-summary"' not in alice_client.get(url(draft)).content.decode()


def test_the_conflict_banner_links_to_each_conflicting_indicator(alice_client, draft, alice):
    stale = form_data(draft, **{"SW-1__value": "1", "SW-2__value": "2"})
    for code in ("SW-1", "SW-2"):
        changed = answer(draft, code, 4)
        changed.revision, changed.updated_by = 1, alice
        changed.save()
    Assessment.objects.filter(pk=draft.pk).update(revision=1)
    page = alice_client.post(url(draft), stale).content.decode()
    start = page.index('data-testid="conflict-banner"')
    banner = page[start : page.index("</div>", start)]
    assert "someone else changed SW-1, SW-2" in banner
    assert re.findall(r'href="#([^"]+)"', banner) == ["indicator-SW-1", "indicator-SW-2"]
    assert 'id="indicator-SW-1"' in page and 'data-testid="conflict-SW-1"' in page
    assert 'data-testid="error-summary"' not in page
    assert Answer.objects.get(assessment=draft, indicator__code="SW-1").value == "4"
