"""`make bench` and `make load` drive the workflow through scripts/scratch.py: its set-up, its addresses and
its forms run here through Django's test client (with CSRF checks), so that a change of the pages they
depend on fails a test instead of stopping the scripts unseen (as the cycles and the confirmation page did)."""

import importlib.util
from pathlib import Path

import pytest
from django.test import Client

from assessment.framework.selectors import framework_content
from assessment.models import Answer, Assessment, Economy

_spec = importlib.util.spec_from_file_location("scratch", Path(__file__).parent.parent / "scripts" / "scratch.py")
scratch = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scratch)

PASSWORD = "scripted-password-1"
VALUES = ["0", "1", "2", "3", "4", "na", "dk"]  # what a focal point may answer, as loadtest.py draws them


@pytest.fixture
def scripted(db):
    """The content the scripts load, as bench.py and loadtest.py load it (21 economies' 2024 assessments)."""
    scratch.load_content([("seed_synthetic", ["--apec", "--first-cycle", "2024", "--cycles", "1", "--scratch"])])


def browser(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_the_scripts_focal_point_starts_a_draft_in_the_open_cycle(scripted):
    _user, draft = scratch.focal_point("load.writer0", Economy.objects.order_by("code").first(), PASSWORD)
    assert (draft.cycle, draft.status) == (scratch.OPEN_YEAR, Assessment.Status.DRAFT)


@pytest.mark.parametrize("from_the_page", [True, False], ids=["load: typed on the page", "bench: posted alone"])
def test_a_save_as_the_scripts_send_it_is_acknowledged_and_stored(scripted, from_the_page):
    user, draft = scratch.focal_point("load.writer0", Economy.objects.order_by("code").first(), PASSWORD)
    area = framework_content(draft.framework).areas[0]
    address = scratch.questionnaire_address(draft.pk, area.code)
    client = browser(user)
    page = client.get(address).content.decode()
    answers = {indicator.code: value for indicator, value in zip(area.indicators.all(), VALUES, strict=False)}
    if from_the_page:
        form = scratch.draft_form(scratch.page_revision(page), answers, evidence="Load test.", page=page)
    else:  # bench.py's save: no page, so no token (its client does not check them) and no shown answers
        client = Client()
        client.force_login(user)
        form = scratch.draft_form(draft.revision, answers)
    response = client.post(address, form)
    assert (response.status_code, response["Location"]) == (302, address)
    stored = dict(Answer.objects.filter(assessment=draft).values_list("indicator__code", "value"))
    assert stored == answers


def test_a_save_from_a_page_made_before_anothers_save_is_refused_as_the_load_test_expects(scripted):
    user, draft = scratch.focal_point("load.writer0", Economy.objects.order_by("code").first(), PASSWORD)
    area = framework_content(draft.framework).areas[0]
    address = scratch.questionnaire_address(draft.pk, area.code)
    client = browser(user)
    page = client.get(address).content.decode()
    code = area.indicators.all()[0].code
    revision = scratch.page_revision(page)
    assert client.post(address, scratch.draft_form(revision, {code: "1"}, page=page)).status_code == 302
    response = client.post(address, scratch.draft_form(revision, {code: "3"}, page=page))
    assert response.status_code == 400
    assert Answer.objects.get(assessment=draft, indicator__code=code).value == "1"


def submitted(reviewer_name: str):
    source = Assessment.objects.filter(cycle=2024, status=Assessment.Status.VALIDATED).order_by("pk").first()
    return scratch.submitted_version(source), browser(scratch.reviewer(reviewer_name, PASSWORD))


def test_a_return_as_the_scripts_send_it_returns_the_assessment(scripted):
    version, client = submitted("load.reviewer0")
    page = client.get(scratch.decision_address(version.pk)).content.decode()
    response = client.post(scratch.decision_address(version.pk), scratch.return_form("Load test.", page))
    assert (response.status_code, response["Location"]) == (302, scratch.profile_address(version.pk))
    version.refresh_from_db()
    assert version.status == Assessment.Status.RETURNED


def test_a_validation_as_the_scripts_send_it_asks_then_publishes(scripted):
    version, client = submitted("load.reviewer0")
    page = client.get(scratch.decision_address(version.pk)).content.decode()
    asking = client.post(scratch.decision_address(version.pk), scratch.validate_form("Load test.", page))
    confirming = asking.content.decode()
    assert asking.status_code == 200 and scratch.csrf_token(confirming)
    version.refresh_from_db()
    assert version.status == Assessment.Status.SUBMITTED
    response = client.post(scratch.publish_address(version.pk), scratch.publish_form("Load test.", confirming))
    assert (response.status_code, response["Location"]) == (302, scratch.profile_address(version.pk))
    version.refresh_from_db()
    assert version.status == Assessment.Status.VALIDATED
