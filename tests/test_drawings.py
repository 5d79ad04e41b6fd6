"""Drawn when the data changes: after a validation, readers find the profile, compare and PDF ready."""

import hashlib

import pytest
from django.urls import reverse

from assessment import page_cache
from assessment.reports import charts, pdf

from .test_workflow import publish


@pytest.fixture(autouse=True)
def quick_pdfs(monkeypatch):
    """A stand-in for WeasyPrint (test_print.py renders real ones): a PDF that differs with its HTML."""
    monkeypatch.setattr(pdf, "pdf_from_html", lambda html: b"%PDF-" + hashlib.sha256(html.encode()).digest())


@pytest.fixture
def just_validated(reviewer_client, submitted, validated_other, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publish(reviewer_client, submitted)
    submitted.refresh_from_db()
    assert submitted.status == "validated"
    return submitted


def counts():
    return charts.draw_count, page_cache.render_count, pdf.render_count


PAGES = {
    "profile": lambda assessment: reverse("profile", kwargs={"pk": assessment.pk}),
    "compare": lambda assessment: reverse("compare"),
    "summary pdf": lambda assessment: reverse("summary_pdf", kwargs={"pk": assessment.pk}),
    "print summary": lambda assessment: reverse("summary", kwargs={"pk": assessment.pk}),
    "comparison pdf": lambda assessment: reverse("comparison_pdf") + f"?cycle={assessment.cycle}",
    "trend": lambda assessment: reverse("economy", kwargs={"code": assessment.economy.code}),
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_after_a_validation_the_first_reader_draws_nothing(client, just_validated, page, language):
    before = counts()
    response = client.get(PAGES[page](just_validated), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert counts() == before


def test_after_a_validation_the_trend_under_other_weights_is_drawn_too(
    client, reviewer_client, submitted, django_capture_on_commit_callbacks
):
    from assessment.models import Answer

    # Areas scored apart, so that equal weights give another overall score and another chart.
    Answer.objects.filter(assessment=submitted, indicator__area__code="SW").update(value="4")
    with django_capture_on_commit_callbacks(execute=True):
        publish(reviewer_client, submitted)
    trend = reverse("economy", kwargs={"code": submitted.economy.code})
    before = counts()
    equal = client.get(trend + "?weights=equal").content.decode()
    assert counts() == before
    assert "<svg" in equal and equal != client.get(trend).content.decode()


def test_a_reader_who_comes_before_the_worker_draws_it_in_the_request(client, validated, validated_other):
    before = counts()
    assert client.get(reverse("profile", kwargs={"pk": validated.pk})).status_code == 200
    assert counts() != before


def test_a_changed_weight_profile_draws_the_default_cycle_again(
    client, validated, validated_other, django_capture_on_commit_callbacks
):
    from assessment.models import WeightProfile

    with django_capture_on_commit_callbacks(execute=True):
        WeightProfile.objects.create(
            framework=validated.framework, slug="trade", name="Trade", weights={"SW": 70, "BL": 30}
        )
    before = counts()
    client.get(reverse("compare") + "?weights=trade")
    client.get(reverse("profile", kwargs={"pk": validated.pk}) + "?weights=trade")
    assert counts() == before


@pytest.fixture
def comparisons_made(monkeypatch):
    from assessment.reports import comparison

    made = []
    real = comparison.compared
    monkeypatch.setattr(comparison, "compared", lambda *args: made.append(args) or real(*args))
    return made


def test_a_change_in_another_cycle_leaves_the_compare_page_cached(client, validated, validated_other, comparisons_made):
    from assessment.models import Assessment

    earlier = Assessment.objects.create(
        economy=validated_other.economy, cycle=2024, framework=validated.framework, status="validated"
    )
    client.get(reverse("compare") + "?cycle=2025")
    earlier.is_illustrative = True
    earlier.save()
    comparisons_made.clear()
    client.get(reverse("compare") + "?cycle=2025")
    assert comparisons_made == []


def test_a_change_in_its_cycle_draws_the_compare_page_again(client, validated, validated_other, comparisons_made):
    client.get(reverse("compare") + "?cycle=2025")
    validated_other.is_illustrative = True
    validated_other.save()
    comparisons_made.clear()
    client.get(reverse("compare") + "?cycle=2025")
    assert len(comparisons_made) == 1


def test_a_drawing_task_logs_its_time_and_the_workers_size_after_it(
    reviewer_client, submitted, validated_other, django_capture_on_commit_callbacks, caplog
):
    with caplog.at_level("INFO", logger="assessment.drawings"):
        with django_capture_on_commit_callbacks(execute=True):
            publish(reviewer_client, submitted)
    [record] = [r for r in caplog.records if r.getMessage() == f"drawn after a change of assessment {submitted.pk}"]
    assert record.seconds >= 0
    assert 0 < record.rss_mb <= record.peak_rss_mb
