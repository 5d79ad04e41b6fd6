"""PDFs come from the cache with ETag and Last-Modified; renders that miss it are limited per client."""

import hashlib
from datetime import timedelta

import pytest
from django.urls import reverse

from assessment import downloads
from assessment.reports import pdf
from assessment.request_limits import Limit


@pytest.fixture(autouse=True)
def quick_pdfs(monkeypatch):
    """A stand-in for WeasyPrint (test_print.py renders real ones): a PDF that differs with its HTML."""
    monkeypatch.setattr(pdf, "pdf_from_html", lambda html: b"%PDF-" + hashlib.sha256(html.encode()).digest())


def summary_url(assessment, **query):
    return reverse("summary_pdf", kwargs={"pk": assessment.pk}) + (
        "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    )


def test_a_second_download_is_not_rendered_again(client, validated):
    first = client.get(summary_url(validated))
    renders = pdf.render_count
    second = client.get(summary_url(validated))
    assert pdf.render_count == renders
    assert second.content == first.content


def test_the_pdf_carries_the_digest_of_its_bytes_as_etag(client, validated):
    response = client.get(summary_url(validated))
    assert response["ETag"] == f'"{hashlib.sha256(response.content).hexdigest()}"'
    assert response["Last-Modified"].endswith(" GMT")


def test_asking_again_with_its_etag_gets_not_modified(client, validated):
    etag = client.get(summary_url(validated))["ETag"]
    again = client.get(summary_url(validated), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""


def test_asking_again_with_its_date_gets_not_modified(client, validated):
    modified = client.get(summary_url(validated))["Last-Modified"]
    assert client.get(summary_url(validated), HTTP_IF_MODIFIED_SINCE=modified).status_code == 304


def test_a_changed_assessment_gets_a_new_pdf(client, validated):
    etag = client.get(summary_url(validated))["ETag"]
    validated.is_illustrative = True
    validated.save()
    again = client.get(summary_url(validated), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again["ETag"] != etag


def test_the_comparison_pdf_is_cached_too(client, validated, validated_other):
    url = reverse("comparison_pdf") + "?cycle=2025"
    etag = client.get(url)["ETag"]
    renders = pdf.render_count
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert pdf.render_count == renders


def test_renders_past_the_limit_get_429_with_retry_after(client, validated, monkeypatch):
    monkeypatch.setattr(downloads, "PDF_RENDERS_PER_CLIENT", Limit("pdf-render:test", 1, timedelta(minutes=10)))
    assert client.get(summary_url(validated)).status_code == 200
    refused = client.get(summary_url(validated, lang="zh-hant"))
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 600


def test_a_cached_pdf_is_served_past_the_limit(client, validated, monkeypatch):
    monkeypatch.setattr(downloads, "PDF_RENDERS_PER_CLIENT", Limit("pdf-render:test", 1, timedelta(minutes=10)))
    client.get(summary_url(validated))
    client.get(summary_url(validated, lang="zh-hant"))
    assert client.get(summary_url(validated)).status_code == 200


def test_the_render_limit_is_per_client(client, validated, monkeypatch):
    monkeypatch.setattr(downloads, "PDF_RENDERS_PER_CLIENT", Limit("pdf-render:test", 1, timedelta(minutes=10)))
    client.get(summary_url(validated), REMOTE_ADDR="198.51.100.1")
    assert client.get(summary_url(validated, lang="zh-hant"), REMOTE_ADDR="198.51.100.2").status_code == 200
