"""The admin keeps the same answer rules as every other way in, and shows what it must not edit
(prerequisites loaded from their file, targets set through their service) read only."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from assessment.models import Answer, Indicator, Prerequisite, TargetPlan

from .conftest import answer


@pytest.fixture
def admin_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.org", "x"))
    return client


def change_form(assessment, existing, **answer_fields):
    """The assessment's admin change form with its one answer inline, as the page posts it."""
    data = {
        "economy": assessment.economy_id,
        "cycle": assessment.cycle,
        "framework": assessment.framework_id,
        "status": assessment.status,
        "note": "",
        "revision": assessment.revision,
        "version": assessment.version,
        "answers-TOTAL_FORMS": "1",
        "answers-INITIAL_FORMS": "1",
        "answers-MIN_NUM_FORMS": "0",
        "answers-MAX_NUM_FORMS": "1000",
        "answers-0-id": existing.pk,
        "answers-0-assessment": assessment.pk,
        "answers-0-indicator": existing.indicator_id,
        "answers-0-value": existing.value,
        "answers-0-evidence": existing.evidence,
        "answers-0-evidence_link": existing.evidence_link,
        "answers-0-comment": existing.comment,
    }
    return data | {f"answers-0-{name}": value for name, value in answer_fields.items()}


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("evidence_link", "javascript:alert(1)"),
        ("evidence", "e" * 5001),
        ("comment", "bell\x07here"),
        ("evidence_link", "ftp://example.org/x"),
    ],
)
def test_the_admin_refuses_an_answer_that_breaks_the_rules(admin_client, draft, field, text):
    existing = answer(draft, "SW-1", 2, evidence="Kept")
    url = reverse("admin:assessment_assessment_change", args=[draft.pk])
    response = admin_client.post(url, change_form(draft, existing, **{field: text}))
    assert response.status_code == 200  # the form again, with the error
    assert "errornote" in response.content.decode()
    assert Answer.objects.get(pk=existing.pk).evidence == "Kept"


def test_the_admin_saves_a_valid_answer(admin_client, draft):
    existing = answer(draft, "SW-1", 2, evidence="Kept")
    url = reverse("admin:assessment_assessment_change", args=[draft.pk])
    response = admin_client.post(url, change_form(draft, existing, evidence="Corrected"))
    assert response.status_code == 302
    assert Answer.objects.get(pk=existing.pk).evidence == "Corrected"


def test_an_answer_changed_in_the_admin_is_recorded_as_such(admin_client, draft):
    from assessment.answers import history

    existing = answer(draft, "SW-1", 2, evidence="Kept")
    url = reverse("admin:assessment_assessment_change", args=[draft.pk])
    admin_client.post(url, change_form(draft, existing, evidence="Corrected"))
    latest = history.changes(draft, "SW-1")[0]
    assert (latest.field, latest.new, latest.channel_shown) == ("evidence", "Corrected", "admin")


@pytest.fixture
def prerequisite(framework):
    indicators = {indicator.code: indicator for indicator in Indicator.objects.filter(area__framework=framework)}
    return Prerequisite.objects.create(
        indicator=indicators["SW-2"], level=3, needs=indicators["BL-1"], needs_level=2, why="Because", source="Study"
    )


@pytest.fixture
def target_plan(framework, chinese_taipei):
    return TargetPlan.objects.create(economy=chinese_taipei, framework=framework, levels={"SW-1": 4}, target_year=2030)


def test_the_admin_lists_prerequisites_found_by_indicator_code(admin_client, prerequisite):
    response = admin_client.get(reverse("admin:assessment_prerequisite_changelist"), {"q": "BL-1"})
    assert response.status_code == 200
    assert "Study" in response.content.decode()


def test_the_admin_lists_target_plans_found_by_economy(admin_client, target_plan):
    response = admin_client.get(reverse("admin:assessment_targetplan_changelist"), {"q": "Chinese"})
    assert response.status_code == 200
    assert "2030" in response.content.decode()


def test_a_prerequisite_cannot_be_changed_in_the_admin(admin_client, prerequisite):
    url = reverse("admin:assessment_prerequisite_change", args=[prerequisite.pk])
    response = admin_client.post(url, {"level": 1, "needs_level": 0, "why": "Edited", "source": "Study"})
    assert response.status_code == 403
    assert Prerequisite.objects.get(pk=prerequisite.pk).why == "Because"


def test_a_target_plan_cannot_be_changed_in_the_admin(admin_client, target_plan):
    url = reverse("admin:assessment_targetplan_change", args=[target_plan.pk])
    response = admin_client.post(url, {"levels": '{"SW-1": 9}', "area_levels": "{}", "target_year": 2030})
    assert response.status_code == 403
    assert TargetPlan.objects.get(pk=target_plan.pk).levels == {"SW-1": 4}


def test_a_target_plans_history_opens_in_the_admin(admin_client, target_plan):
    response = admin_client.get(reverse("admin:assessment_targetplan_history", args=[target_plan.pk]))
    assert response.status_code == 200
