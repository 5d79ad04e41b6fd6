"""Home page and opening a questionnaire for an economy and cycle."""

import pytest
from django.urls import reverse

from assessment.models import Assessment

from .conftest import make_cycle


def test_anonymous_visitors_see_only_public_assessments(client, draft, validated_other):
    page = client.get(reverse("home")).content.decode()
    assert "Singapore" in page
    assert "Chinese Taipei" not in page


def test_focal_points_see_their_own_drafts(alice_client, draft):
    page = alice_client.get(reverse("home")).content.decode()
    assert reverse("profile", kwargs={"pk": draft.pk}) in page


def test_start_creates_a_draft_on_the_cycles_framework(alice_client, chinese_taipei, framework, open_cycle):
    response = alice_client.post(reverse("start_assessment"), {"economy": chinese_taipei.pk, "cycle": 2026})
    assessment = Assessment.objects.get(economy=chinese_taipei, cycle=2026)
    assert assessment.framework == framework
    assert assessment.programme_cycle == open_cycle
    assert assessment.is_draft
    assert response.url == reverse("questionnaire", kwargs={"pk": assessment.pk, "area_code": "SW"})


def test_start_reopens_an_existing_draft(alice_client, draft):
    response = alice_client.post(reverse("start_assessment"), {"economy": draft.economy.pk, "cycle": draft.cycle})
    assert response.url == reverse("questionnaire", kwargs={"pk": draft.pk, "area_code": "SW"})
    assert Assessment.objects.count() == 1


def test_start_refuses_an_economy_the_user_is_not_assigned_to(alice_client, singapore, open_cycle):
    response = alice_client.post(reverse("start_assessment"), {"economy": singapore.pk, "cycle": 2026})
    assert response.status_code == 400
    assert not Assessment.objects.filter(economy=singapore).exists()


def test_start_offers_no_free_year(alice_client, chinese_taipei, open_cycle):
    response = alice_client.post(reverse("start_assessment"), {"economy": chinese_taipei.pk, "cycle": 2031})
    assert response.status_code == 400
    assert not Assessment.objects.filter(cycle=2031).exists()


@pytest.mark.parametrize("status", ["planned", "closed", "published"])
def test_start_refuses_a_cycle_that_is_not_open(alice_client, chinese_taipei, framework, status):
    make_cycle(2027, framework, status=status)
    response = alice_client.post(reverse("start_assessment"), {"economy": chinese_taipei.pk, "cycle": 2027})
    assert response.status_code == 400
    assert not Assessment.objects.filter(cycle=2027).exists()


def test_start_refuses_a_cycle_the_economy_is_not_invited_to(alice_client, chinese_taipei, singapore, framework):
    make_cycle(2027, framework, economies=[singapore])
    response = alice_client.post(reverse("start_assessment"), {"economy": chinese_taipei.pk, "cycle": 2027})
    assert response.status_code == 400
    assert "This cycle is not open to your economy." in response.content.decode()


def test_the_service_refuses_a_closed_cycle_whatever_the_form(alice, chinese_taipei, framework):
    from django.core.exceptions import ValidationError

    from assessment.answers import services

    make_cycle(2027, framework, status="closed")
    with pytest.raises(ValidationError):
        services.start_assessment(user=alice, economy=chinese_taipei, cycle=2027)


def test_the_start_form_lists_open_cycles_with_their_due_dates(alice_client, open_cycle):
    page = alice_client.get(reverse("home")).content.decode()
    assert "2026 (due " in page


def test_without_an_open_cycle_a_focal_point_is_told_so(alice_client, framework):
    page = alice_client.get(reverse("home")).content.decode()
    assert "No cycle is open for your economy now." in page


def test_start_requires_sign_in(client, chinese_taipei, framework):
    response = client.post(reverse("start_assessment"), {"economy": chinese_taipei.pk, "cycle": 2026})
    assert response.status_code == 302
    assert not Assessment.objects.exists()


def test_start_rejects_get(alice_client):
    assert alice_client.get(reverse("start_assessment")).status_code == 405


def test_a_single_economy_is_preselected_with_the_open_cycle(alice_client, chinese_taipei, open_cycle):
    form = alice_client.get(reverse("home")).context["start_form"]
    assert form.initial["economy"] == chinese_taipei
    assert form.initial["cycle"] == 2026


def test_own_drafts_offer_to_continue(alice_client, draft):
    page = alice_client.get(reverse("home")).content.decode()
    assert reverse("review", kwargs={"pk": draft.pk}) in page


def test_submitted_assessments_offer_no_continue(alice_client, validated):
    page = alice_client.get(reverse("home")).content.decode()
    assert reverse("review", kwargs={"pk": validated.pk}) not in page


def test_a_superseded_published_version_is_not_listed(client, validated):
    newer = Assessment.objects.create(
        economy=validated.economy, cycle=validated.cycle, framework=validated.framework, version=2,
        supersedes=validated, status=Assessment.Status.VALIDATED,
    )  # fmt: skip
    page = client.get(reverse("home")).content.decode()
    assert reverse("profile", kwargs={"pk": newer.pk}) in page
    assert reverse("profile", kwargs={"pk": validated.pk}) not in page


def test_the_reviewers_home_lists_what_awaits_review_oldest_first_with_days_waiting(
    reviewer_client, submitted, bob, singapore, framework
):
    from datetime import timedelta

    from django.utils import timezone

    older = Assessment.objects.create(
        economy=singapore,
        cycle=2025,
        framework=framework,
        status=Assessment.Status.SUBMITTED,
        submitted_by=bob,
        submitted_at=timezone.now() - timedelta(days=9),
    )
    page = reviewer_client.get(reverse("home")).content.decode()
    listing = page[page.index('data-testid="to-review"') :]
    assert listing.index(reverse("decide", kwargs={"pk": older.pk})) < listing.index(
        reverse("decide", kwargs={"pk": submitted.pk})
    )
    assert "waiting 9 days" in listing and "waiting 0 days" in listing


def test_the_reviewers_home_has_no_focal_point_message(reviewer_client, submitted):
    page = reviewer_client.get(reverse("home")).content.decode()
    assert "You are not assigned to an economy yet" not in page
    assert 'data-testid="reviewer-card"' in page


def test_a_user_without_a_role_is_told_to_ask_for_one(client, db):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_user("nora"))
    assert "You are not assigned to an economy yet" in client.get(reverse("home")).content.decode()
