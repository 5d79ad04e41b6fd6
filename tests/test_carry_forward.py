"""Starting a new cycle from the latest validated answers, each to confirm or change."""

import pytest
from django.urls import reverse

from assessment.models import Answer, Assessment

from .page_forms import questionnaire_data


def start(client, economy, cycle, carry_forward=True):
    data = {"economy": economy.pk, "cycle": cycle}
    if carry_forward:
        data["carry_forward"] = "on"
    client.post(reverse("start_assessment"), data)
    return Assessment.objects.get(economy=economy, cycle=cycle)


@pytest.fixture
def new_cycle(alice_client, validated, chinese_taipei, open_cycle):
    return start(alice_client, chinese_taipei, 2026)


def test_a_new_cycle_starts_from_the_latest_validated_answers(new_cycle, validated):
    answers = {a.indicator.code: (a.value, a.carried_from) for a in new_cycle.answers.all()}
    assert answers == {a.indicator.code: (a.value, 2025) for a in validated.answers.all()}


def test_it_can_start_empty_instead(alice_client, validated, chinese_taipei, open_cycle):
    assert not start(alice_client, chinese_taipei, 2026, carry_forward=False).answers.exists()


def test_a_draft_is_never_carried_forward(alice_client, draft, chinese_taipei, open_cycle):
    Answer.objects.create(
        assessment=draft, indicator=draft.framework.areas.get(code="SW").indicators.first(), value="2"
    )
    assert not start(alice_client, chinese_taipei, 2026).answers.exists()


def test_carried_answers_are_marked_until_touched(alice_client, new_cycle):
    url = reverse("questionnaire", kwargs={"pk": new_cycle.pk, "area_code": "SW"})
    assert 'data-testid="carried-SW-1"' in alice_client.get(url).content.decode()


def test_review_lists_them_and_submission_needs_none_left(alice_client, new_cycle):
    page = alice_client.get(reverse("review", kwargs={"pk": new_cycle.pk})).content.decode()
    assert page.count('data-testid="unconfirmed-link"') == 5
    response = alice_client.post(reverse("submit", kwargs={"pk": new_cycle.pk}))
    assert response.status_code == 400
    assert "neither confirmed nor changed" in response.content.decode()


def test_confirming_keeps_the_answer_and_clears_the_mark(alice_client, new_cycle):
    url = reverse("questionnaire", kwargs={"pk": new_cycle.pk, "area_code": "SW"})
    page = alice_client.get(url).content.decode()
    alice_client.post(url, questionnaire_data(page, {"SW-1__confirm": "on"}))
    saved = Answer.objects.get(assessment=new_cycle, indicator__code="SW-1")
    assert (saved.value, saved.carried_from) == ("3", None)
    assert Answer.objects.get(assessment=new_cycle, indicator__code="SW-2").carried_from == 2025


def test_changing_clears_the_mark(alice_client, new_cycle):
    url = reverse("questionnaire", kwargs={"pk": new_cycle.pk, "area_code": "SW"})
    page = alice_client.get(url).content.decode()
    alice_client.post(url, questionnaire_data(page, {"SW-2__value": "4"}))
    assert Answer.objects.get(assessment=new_cycle, indicator__code="SW-2").carried_from is None


def test_once_all_are_confirmed_it_can_be_submitted(alice_client, new_cycle):
    for area in ("SW", "BL"):
        url = reverse("questionnaire", kwargs={"pk": new_cycle.pk, "area_code": area})
        page = alice_client.get(url).content.decode()
        confirmations = {name: "on" for name in questionnaire_data(page) if name.endswith("__confirm")}
        alice_client.post(url, questionnaire_data(page, confirmations))
    assert alice_client.post(reverse("submit", kwargs={"pk": new_cycle.pk})).status_code == 302


def test_across_framework_versions_the_crosswalk_maps_each_answer(alice_client, chinese_taipei, db):
    from assessment.framework.loaders import load_crosswalk

    from .conftest import make_cycle, make_framework

    older = make_framework(version="T.0", areas=(("SW", 100, (1, 1)),), current=False)
    make_cycle(2026, make_framework(version="T.1", areas=(("SW", 100, (1, 1, 1)),)))
    load_crosswalk(
        {
            "from": "T.0",
            "to": "T.1",
            "mappings": [
                {"from": "SW-1", "relation": "same", "to": {"SW-1": {str(n): n for n in range(5)}}},
                {"from": "SW-2", "relation": "relevelled", "to": {"SW-2": {"0": 0, "1": 0, "2": 1, "3": 2, "4": None}}},
                {"from": None, "relation": "new", "to": {"SW-3": None}},
            ],
        }
    )
    validated = Assessment.objects.create(
        economy=chinese_taipei, cycle=2025, framework=older, status=Assessment.Status.VALIDATED
    )
    for code, value in (("SW-1", "3"), ("SW-2", "3")):
        Answer.objects.create(
            assessment=validated, indicator=older.areas.get().indicators.get(code=code), value=value, evidence=code
        )
    new_cycle = start(alice_client, chinese_taipei, 2026)
    carried = {a.indicator.code: (a.value, a.evidence, a.mapped_from) for a in new_cycle.answers.all()}
    assert carried == {"SW-1": ("3", "SW-1", "T.0"), "SW-2": ("2", "SW-2", "T.0")}
    page = alice_client.get(reverse("questionnaire", kwargs={"pk": new_cycle.pk, "area_code": "SW"})).content.decode()
    assert "mapped from framework T.0" in page


def test_the_start_form_offers_carrying_only_what_is_validated(alice_client, validated):
    page = alice_client.get(reverse("home")).content.decode()
    assert 'name="carry_forward"' in page
    assert "Start from our validated answers: Chinese Taipei 2025, version 1" in page
    assert 'data-testid="nothing-to-carry"' not in page


def test_with_nothing_validated_the_form_says_nothing_is_carried(alice_client, draft):
    page = alice_client.get(reverse("home")).content.decode()
    assert 'name="carry_forward"' not in page
    assert 'data-testid="nothing-to-carry"' in page


def test_one_button_confirms_every_unchanged_answer_on_the_page(alice_client, new_cycle):
    url = reverse("questionnaire", kwargs={"pk": new_cycle.pk, "area_code": "SW"})
    page = alice_client.get(url).content.decode()
    assert 'data-testid="confirm-all"' in page
    data = questionnaire_data(page, {"SW-1__value": "4"}) | {"action": "confirm_all"}
    alice_client.post(url, data)
    sw = {a.indicator.code: (a.value, a.carried_from) for a in new_cycle.answers.filter(indicator__area__code="SW")}
    assert sw == {"SW-1": ("4", None), "SW-2": ("3", None), "SW-3": ("3", None)}
    assert new_cycle.answers.exclude(indicator__area__code="SW").filter(carried_from=2025).exists()
    assert 'data-testid="confirm-all"' not in alice_client.get(url).content.decode()


def test_the_tabs_count_carried_unconfirmed_answers_as_not_done(alice_client, new_cycle):
    url = reverse("questionnaire", kwargs={"pk": new_cycle.pk, "area_code": "SW"})
    page = alice_client.get(url).content.decode()
    assert ">0/3<" in page and ">3/3<" not in page
    alice_client.post(url, questionnaire_data(page, {}) | {"action": "confirm_all"})
    assert ">3/3<" in alice_client.get(url).content.decode()
