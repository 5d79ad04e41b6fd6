"""Web workers that never draw: matplotlib, WeasyPrint and pandas are imported only to draw or export."""

import builtins
import hashlib
import os
import subprocess
import sys

import pytest
from django.urls import reverse

from assessment.reports import pdf

from .test_drawings import PAGES
from .test_settings import ROOT
from .test_workflow import publish

HEAVY = ("matplotlib", "weasyprint", "pandas", "numpy")


@pytest.fixture(autouse=True)
def quick_pdfs(monkeypatch):
    monkeypatch.setattr(pdf, "pdf_from_html", lambda html: b"%PDF-" + hashlib.sha256(html.encode()).digest())


@pytest.fixture
def heavy_imports(monkeypatch):
    """The heavy libraries imported from now on, even those another test loaded already."""
    imported = []
    real_import = builtins.__import__

    def recording_import(name, *args, **kwargs):
        if name.split(".")[0] in HEAVY:
            imported.append(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", recording_import)
    return imported


def test_loading_the_urls_imports_no_drawing_library():
    code = (
        "import django, os, sys; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; django.setup();"
        f"import config.urls; print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    env = {"PATH": os.environ.get("PATH", ""), "DATABASE_URL": "sqlite:///:memory:", "DEBUG": "true"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr


def test_a_cached_questionnaire_page_imports_no_drawing_library(alice_client, draft, heavy_imports):
    url = reverse("questionnaire", kwargs={"pk": draft.pk, "area_code": "SW"})
    alice_client.get(url)
    heavy_imports.clear()
    assert alice_client.get(url).status_code == 200
    assert heavy_imports == []


@pytest.mark.parametrize("page", PAGES)
def test_a_page_drawn_by_the_worker_imports_no_drawing_library(
    client, reviewer_client, submitted, validated_other, django_capture_on_commit_callbacks, heavy_imports, page
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(reviewer_client, submitted)
    heavy_imports.clear()
    assert client.get(PAGES[page](submitted)).status_code == 200
    assert heavy_imports == []
