"""GET /api/assessments/<id>/profile.json"""

from django.urls import reverse

from .conftest import answer


def url(assessment):
    return reverse("api_profile", kwargs={"pk": assessment.pk})


def test_it_returns_the_profile_json(client, validated):
    document = client.get(url(validated)).json()
    assert document["economy"] == "CT"
    assert document["cycle"] == 2025
    assert document["framework"] == "T.1"
    assert document["overall"] == {
        "score": 75.0,
        "score_low": 75.0,
        "score_high": 75.0,
        "maturity": 3.0,
        "stage": "Established",
    }
    assert document["completeness"] == 100.0
    assert [area["code"] for area in document["areas"]] == ["SW", "BL"]
    assert document["areas"][0] == {
        "code": "SW",
        "score": 75.0,
        "score_low": 75.0,
        "score_high": 75.0,
        "maturity": 3.0,
        "stage": "Established",
        "completeness": 100.0,
    }


def test_an_area_without_a_score_is_null(alice_client, draft):
    answer(draft, "SW-1", 2)
    document = alice_client.get(url(draft)).json()
    assert document["areas"][1]["score"] is None
    assert document["areas"][1]["stage"] is None


def test_a_draft_is_not_found_for_other_economies(bob_client, draft):
    assert bob_client.get(url(draft)).status_code == 404


def test_a_draft_is_not_found_for_anonymous_visitors(client, draft):
    assert client.get(url(draft)).status_code == 404


def test_a_draft_is_readable_by_its_economy(alice_client, draft):
    assert alice_client.get(url(draft)).json()["status"] == "draft"


def test_a_weight_profile_can_be_chosen(client, validated):
    validated.answers.filter(indicator__area__code="SW").update(value="4")
    validated.answers.filter(indicator__area__code="BL").update(value="0")
    document = client.get(url(validated), {"weights": "equal"}).json()
    assert (document["weights"], document["overall"]["score"]) == ("equal", 50.0)
