"""GET /api/openapi.json, and the JSON API keeping to it: Schemathesis against a live server."""

import datetime
import json

import pytest
import schemathesis
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from assessment.models import Assessment
from assessment.reports.api_schema import DOCUMENT

from .conftest import answer, answer_all, make_cycle

# Seeded and small: the whole Schemathesis run stays well within a minute on two cores.
CONFIG = schemathesis.Config.from_dict({"seed": 2026, "cache": {"enabled": False}})
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    unsupported_method,
]


def test_it_serves_the_document(client):
    response = client.get(reverse("api_openapi"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == json.loads(DOCUMENT.read_text(encoding="utf-8"))


def test_the_document_is_valid_openapi_3_1(client):
    document = client.get(reverse("api_openapi")).json()
    validate(document)
    assert document["openapi"].startswith("3.1")


def test_it_describes_every_json_endpoint(client):
    paths = client.get(reverse("api_openapi")).json()["paths"]
    assert set(paths) == {
        "/api/assessments/{pk}/profile.json",
        "/api/assessments/{pk}/history.json",
        "/api/assessments/{pk}/roadmap.json",
        "/api/compare.json",
        "/api/openapi.json",
        "/api/cycles/{year}/status.json",
    }


def test_the_documented_bounds_are_those_the_compare_form_enforces():
    from assessment.forms import MAX_RADAR_ECONOMIES, CompareForm
    from assessment.models import Economy

    parameters = {
        p["name"]: p["schema"]
        for p in json.loads(DOCUMENT.read_text())["paths"]["/api/compare.json"]["get"]["parameters"]
    }
    cycle = CompareForm.base_fields["cycle"]
    assert (parameters["cycle"]["minimum"], parameters["cycle"]["maximum"]) == (cycle.min_value, cycle.max_value)
    assert parameters["radar"]["maxItems"] == MAX_RADAR_ECONOMIES
    assert parameters["economies"]["items"]["maxLength"] == Economy._meta.get_field("code").max_length
    assert set(parameters) == set(CompareForm.base_fields)


# Ids the generated requests include besides random ones, so that answers with a body (200) are tried too.
CT_ID, SGP_ID, DRAFT_ID = 9101, 9102, 9103
CYCLE_YEAR = 2026

live_api = schemathesis.openapi.from_path(str(DOCUMENT), config=CONFIG)


@live_api.hook
def before_generate_path_parameters(context, strategy):
    if "year" in context.operation.path:
        return st.one_of(strategy, st.just({"year": CYCLE_YEAR}))
    return st.one_of(strategy, st.sampled_from([CT_ID, SGP_ID, DRAFT_ID]).map(lambda pk: {"pk": pk}))


@pytest.fixture
def published(framework, chinese_taipei, singapore, alice):
    """Validated assessments of two economies, and alice's draft with an area not scored yet (nulls),
    under the ids the generated requests use."""
    for pk, economy, level in ((CT_ID, chinese_taipei, 3), (SGP_ID, singapore, 2)):
        assessment = Assessment.objects.create(
            pk=pk, economy=economy, cycle=2025, framework=framework, status=Assessment.Status.VALIDATED
        )
        answer_all(assessment, level)
    make_cycle(CYCLE_YEAR, framework, publication_date=timezone.localdate() + datetime.timedelta(days=90))
    draft = Assessment.objects.create(pk=DRAFT_ID, economy=chinese_taipei, cycle=CYCLE_YEAR, framework=framework)
    answer(draft, "SW-1", "dk")
    answer(draft, "SW-2", "na")
    answer(draft, "SW-3", 4, evidence="Customs Act art. 10")


@pytest.fixture
def alice_session(alice):
    """Alice's session cookie: she may read her economy's history, not Singapore's."""
    client = Client()
    client.force_login(alice)
    return {"sessionid": client.cookies["sessionid"].value}


@live_api.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_within_its_contract(case, live_server, published, alice_session):
    case.call_and_validate(base_url=live_server.url, cookies=alice_session, checks=CHECKS)


def test_the_cycle_status_keeps_to_its_contract_for_a_reviewer(live_server, published, reviewer):
    """The generated run signs in as a focal point, who gets 404 from the cycle status: a reviewer's 200 here."""
    client = Client()
    client.force_login(reviewer)
    case = live_api["/api/cycles/{year}/status.json"]["GET"].Case(path_parameters={"year": CYCLE_YEAR})
    response = case.call_and_validate(
        base_url=live_server.url, cookies={"sessionid": client.cookies["sessionid"].value}, checks=CHECKS
    )
    assert response.status_code == 200
    assert response.json()["economies"][0]["state"] == "draft"


# What the contract's negative cases showed: every address under /api/ answers JSON, and only to reading.


def test_an_address_under_api_that_matches_nothing_answers_json_404(client):
    response = client.get("/api/assessments/null,null/profile.json")
    assert response.status_code == 404
    assert response.json() == {"error": "not found"}


def test_an_address_elsewhere_keeps_the_not_found_page(client):
    response = client.get("/assessments/null/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("name", ["api_openapi", "compare_json"])
def test_a_json_address_refuses_to_be_written_to(client, name):
    response = client.post(reverse(name))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
