"""A superseded version says so wherever it is shown: profile badge, print summary, every PDF page, JSON."""

import io

import pypdf
import pytest
from django.urls import reverse

from assessment.models import Assessment

from .conftest import answer_all


@pytest.fixture
def superseded(framework, chinese_taipei):
    """Chinese Taipei 2025: version 1 validated, then replaced by a validated version 2."""
    first = Assessment.objects.create(
        economy=chinese_taipei, cycle=2025, framework=framework, status=Assessment.Status.VALIDATED
    )
    answer_all(first)
    second = Assessment.objects.create(
        economy=chinese_taipei,
        cycle=2025,
        framework=framework,
        status=Assessment.Status.VALIDATED,
        version=2,
        supersedes=first,
    )
    answer_all(second, 2)
    return first, second


def pdf_pages(response) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages]


def test_the_profile_badge_reads_superseded_not_validated(client, superseded):
    first, _second = superseded
    page = client.get(reverse("profile", kwargs={"pk": first.pk})).content.decode()
    assert 'data-testid="status-superseded"' in page and "Superseded by version 2" in page
    assert 'data-testid="status-validated"' not in page


def test_the_current_version_keeps_its_validated_badge(client, superseded):
    _first, second = superseded
    page = client.get(reverse("profile", kwargs={"pk": second.pk})).content.decode()
    assert 'data-testid="status-validated"' in page and 'data-testid="status-superseded"' not in page


def test_the_print_summary_is_marked_and_links_to_the_current_version(client, superseded):
    first, second = superseded
    page = client.get(reverse("summary", kwargs={"pk": first.pk})).content.decode()
    assert 'data-testid="mark-superseded"' in page
    assert reverse("profile", kwargs={"pk": second.pk}) in page


def test_the_current_print_summary_has_no_superseded_mark(client, superseded):
    _first, second = superseded
    page = client.get(reverse("summary", kwargs={"pk": second.pk})).content.decode()
    assert "mark-superseded" not in page and "SUPERSEDED" not in page


def test_every_pdf_page_carries_the_mark_and_the_current_address(client, superseded, settings):
    settings.SITE_URL = "https://maturity.example.org"
    first, second = superseded
    pages = pdf_pages(client.get(reverse("summary_pdf", kwargs={"pk": first.pk})))
    address = "maturity.example.org" + reverse("profile", kwargs={"pk": second.pk})
    assert len(pages) > 1
    for text in pages:
        assert "SUPERSEDED by version 2" in text
        assert address in text.replace("\n", "")


def test_the_chinese_pdf_carries_the_mark_in_chinese(client, superseded):
    first, _second = superseded
    response = client.get(reverse("summary_pdf", kwargs={"pk": first.pk}), {"lang": "zh-hant"})
    assert all("已由第 2 版取代" in text for text in pdf_pages(response))


def test_the_json_names_the_version_that_supersedes_it(client, superseded):
    first, second = superseded
    document = client.get(reverse("api_profile", kwargs={"pk": first.pk})).json()
    assert document["superseded_by"] == {"id": second.pk, "version": 2}


def test_the_current_versions_json_is_superseded_by_nothing(client, superseded):
    _first, second = superseded
    assert client.get(reverse("api_profile", kwargs={"pk": second.pk})).json()["superseded_by"] is None


def test_the_questionnaire_and_history_headings_say_superseded(client, alice_client, superseded):
    first, _second = superseded
    answers = client.get(reverse("questionnaire", kwargs={"pk": first.pk, "area_code": "SW"})).content.decode()
    assert 'data-testid="status-superseded"' in answers
    history = alice_client.get(reverse("history", kwargs={"pk": first.pk})).content.decode()
    assert 'data-testid="status-superseded"' in history
