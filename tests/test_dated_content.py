"""Dated content (issue 23 item 5; content review 2026-12, check 8 items 3, 4 and 9): plans and
findings from the 2023 report say when they were reported, and facts that changed since carry a
dated note with their public source."""

import json
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from assessment.models import BestPractice

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def test_every_plan_and_finding_on_the_profile_says_it_was_reported_in_2023(alice_client, draft, singapore):
    area = draft.framework.areas.get(code="SW")
    for kind in ("plan", "finding"):
        BestPractice.objects.create(
            area=area, source="Singapore", level=1, title=f"A {kind}", kind=kind, summary="…", section="§", line=154
        ).economies.add(singapore)
    page = alice_client.get(reverse("profile", kwargs={"pk": draft.pk})).content.decode()
    listed = page[page.index('data-testid="plans-and-findings"') :]
    assert listed.count('data-testid="as-reported"') == 2 and "as reported in 2023" in listed


def practices() -> list[dict]:
    return json.loads((FIXTURES / "best_practices.json").read_text(encoding="utf-8"))


def test_the_canadian_low_value_threshold_carries_its_change_since_the_report():
    clvs = next(p for p in practices() if "CLVS" in p["title"])
    assert "CAD 2,500" in clvs["summary"] and "CAD 3,300" in clvs["summary"] and "1 July 2020" in clvs["summary"]
    assert "cbsa-asfc.gc.ca" in clvs["summary"] and "3,300" in clvs["summary_zh"]
    for folder in ("demo", "demo-2024.1", "demo-2025.1"):
        answer = json.loads((FIXTURES / folder / "cda-2023.json").read_text(encoding="utf-8"))["answers"]["EP-3"]
        assert "CAD 3,300" in answer["comment"], folder


def test_every_plan_says_it_was_reported_in_2023_in_both_languages():
    plans = [p for p in practices() if p["kind"] == "plan"]
    assert len(plans) >= 3  # Peru's e-B/L workshop and low-value study, Chinese Taipei's 2023 plan among them
    assert all("As reported in 2023" in p["summary"] and "2023 年報告" in p["summary_zh"] for p in plans)


def test_the_latest_framework_names_data_model_4_0_0_of_october_2023():
    versions = sorted(FIXTURES.glob("framework-*.json"), key=lambda p: tuple(map(int, p.stem[10:].split("."))))
    latest = json.loads(versions[-1].read_text(encoding="utf-8"))
    dm4 = next(i for a in latest["areas"] for i in a["indicators"] if i["code"] == "DM-4")
    assert "17 October 2023" in dm4["guidance"] and "version 4, released in October 2023" in dm4["levels"][2]
