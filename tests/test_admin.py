"""The admin keeps the same answer rules as every other way in."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from assessment.models import Answer

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
