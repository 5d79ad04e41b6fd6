"""Programme cycles: opening and inviting, reminders, the dashboard and its exports, reviewer
assignment, late and closed cycles, publication together."""

import datetime
import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessment.answers import services as answer_services
from assessment.answers import workflow
from assessment.models import Assessment, Cycle, Reminder, ReviewerAssignment, public_q
from assessment.programme import selectors, services

from .conftest import answer_all, make_cycle


@pytest.fixture
def planned(framework, chinese_taipei, singapore, alice, bob):
    alice.email, bob.email = "alice@example.org", "bob@example.org"
    alice.save()
    bob.save()
    return make_cycle(2026, framework, status="planned", due_in_days=20, economies=[chinese_taipei, singapore])


def later(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def move_clock(monkeypatch, *, days: int) -> None:
    """django.utils.timezone.now (which localdate and the reminders read) moved by some days."""
    moved = later(days)
    monkeypatch.setattr(timezone, "now", lambda: moved)


# opening, closing, publishing


def test_opening_a_cycle_emails_every_invited_economys_focal_points(
    planned, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.open_cycle(cycle=planned, user=reviewer)
    assert sorted(message.to[0] for message in mail.outbox) == ["alice@example.org", "bob@example.org"]


def test_the_invitation_is_in_both_languages_with_the_due_date_and_a_link(
    planned, reviewer, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://cdm.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        services.open_cycle(cycle=planned, user=reviewer)
    body = mail.outbox[0].body
    assert "is open for" in body and "已對" in body
    assert "https://cdm.example.org/" in body
    assert str(planned.due_on.year) in body


def test_reopening_a_closed_cycle_sends_no_invitation(planned, reviewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.open_cycle(cycle=planned, user=reviewer)
        services.close_cycle(cycle=planned, user=reviewer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.open_cycle(cycle=planned, user=reviewer)
    assert mail.outbox == []


def test_a_focal_point_cannot_open_a_cycle(planned, alice):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.open_cycle(cycle=planned, user=alice)


def test_the_history_records_who_changed_a_cycle(planned, reviewer):
    services.open_cycle(cycle=planned, user=reviewer)
    latest = planned.history.first()
    assert (latest.status, latest.history_user) == ("open", reviewer)


def test_the_cycles_page_opens_a_cycle_only_when_confirmed(planned, reviewer_client):
    url = reverse("cycle_action", args=[2026, "open"])
    assert reviewer_client.post(url).status_code == 400
    planned.refresh_from_db()
    assert planned.status == "planned"
    reviewer_client.post(url, {"confirm": "on"})
    planned.refresh_from_db()
    assert planned.status == "open"


def test_the_cycles_page_plans_a_cycle(reviewer_client, framework, chinese_taipei):
    data = {"year": 2027, "framework": framework.pk, "opens_on": "2027-01-10", "due_on": "2027-03-31",
            "publication_date": "2027-06-01", "economies": [chinese_taipei.pk], "note": "Thanks!"}  # fmt: skip
    assert reviewer_client.post(reverse("cycles"), data).status_code == 302
    cycle = Cycle.objects.get(year=2027)
    assert (cycle.status, list(cycle.invited_economies.all())) == ("planned", [chinese_taipei])


# starting and submitting


def test_a_closed_cycle_takes_no_submission_until_reopened(open_cycle, alice, chinese_taipei, reviewer):
    draft = answer_services.start_assessment(user=alice, economy=chinese_taipei, cycle=2026)
    answer_all(draft)
    services.close_cycle(cycle=open_cycle, user=reviewer)
    with pytest.raises(answer_services.CycleClosed):
        workflow.submit(assessment=draft, user=alice)
    services.open_cycle(cycle=open_cycle, user=reviewer)
    assert workflow.submit(assessment=draft, user=alice).status == "submitted"


def test_a_submission_after_the_due_date_is_accepted_and_marked_late(framework, alice, chinese_taipei):
    cycle = make_cycle(2026, framework, due_in_days=-2)
    draft = answer_services.start_assessment(user=alice, economy=chinese_taipei, cycle=2026)
    answer_all(draft)
    workflow.submit(assessment=draft, user=alice)
    [row] = selectors.dashboard_rows(cycle, economies=[chinese_taipei])
    assert (row.state, row.late) == ("submitted", True)


def test_the_submit_page_says_when_the_cycle_is_closed(open_cycle, alice_client, alice, chinese_taipei, reviewer):
    draft = answer_services.start_assessment(user=alice, economy=chinese_taipei, cycle=2026)
    answer_all(draft)
    services.close_cycle(cycle=open_cycle, user=reviewer)
    response = alice_client.post(reverse("submit", args=[draft.pk]), follow=True)
    assert "is not open to" in response.content.decode()


def test_existing_assessments_get_the_cycle_of_their_year(draft):
    assert draft.programme_cycle.year == draft.cycle


# reminders


def test_no_reminder_goes_out_more_than_14_days_before(planned, reviewer):
    services.open_cycle(cycle=planned, user=reviewer)
    assert services.remind(cycle=planned, now=later(5) - datetime.timedelta(days=20)) == []


@pytest.mark.parametrize(
    ("days_left", "step"),
    [
        (14, "14-days"),
        (4, "14-days"),
        (3, "3-days"),
        (0, "3-days"),
        (-1, "overdue-1"),
        (-7, "overdue-1"),
        (-8, "overdue-2"),
    ],
)
def test_the_reminder_step_of_a_day(planned, days_left, step):
    assert services.reminder_step(planned, planned.due_on - datetime.timedelta(days=days_left)) == step


def test_send_reminders_reminds_once_per_step(planned, reviewer, monkeypatch):
    services.open_cycle(cycle=planned, user=reviewer)
    move_clock(monkeypatch, days=10)  # 10 days before the due date
    mail.outbox.clear()
    call_command("send_reminders", stdout=io.StringIO())
    call_command("send_reminders", stdout=io.StringIO())
    assert sorted(message.to[0] for message in mail.outbox) == ["alice@example.org", "bob@example.org"]
    assert set(Reminder.objects.values_list("economy__code", "step", "sent_by")) == {
        ("CT", "14-days", None),
        ("SGP", "14-days", None),
    }


def test_send_reminders_skips_economies_that_submitted(planned, reviewer, alice, chinese_taipei):
    services.open_cycle(cycle=planned, user=reviewer)
    draft = answer_services.start_assessment(user=alice, economy=chinese_taipei, cycle=2026)
    answer_all(draft)
    workflow.submit(assessment=draft, user=alice)
    out = io.StringIO()
    call_command("send_reminders", "--today", (planned.due_on - datetime.timedelta(days=2)).isoformat(), stdout=out)
    assert list(Reminder.objects.values_list("economy__code", "step")) == [("SGP", "3-days")]


def test_remind_now_for_one_economy_keeps_the_same_limit(planned, reviewer, reviewer_client, monkeypatch):
    services.open_cycle(cycle=planned, user=reviewer)
    move_clock(monkeypatch, days=10)
    url = reverse("cycle_remind", args=[2026])
    reviewer_client.post(url, {"economy": "CT"})
    reviewer_client.post(url, {"economy": "CT"})
    assert list(Reminder.objects.values_list("economy__code", "sent_by")) == [("CT", reviewer.pk)]


# the dashboard


@pytest.fixture
def progress(planned, reviewer, alice, chinese_taipei):
    """Chinese Taipei has submitted the open 2026 cycle; Singapore has not started."""
    services.open_cycle(cycle=planned, user=reviewer)
    draft = answer_services.start_assessment(user=alice, economy=chinese_taipei, cycle=2026)
    answer_all(draft)
    workflow.submit(assessment=draft, user=alice)
    return draft


def test_the_dashboard_counts_the_economies(progress, reviewer_client):
    page = reviewer_client.get(reverse("cycle_dashboard", args=[2026])).content.decode()
    assert "1 of 2 submitted, 0 validated" in page


def test_the_dashboard_shows_a_drafts_percent_answered(planned, reviewer, alice, chinese_taipei, reviewer_client):
    services.open_cycle(cycle=planned, user=reviewer)
    draft = answer_services.start_assessment(user=alice, economy=chinese_taipei, cycle=2026)
    from .conftest import answer

    answer(draft, "SW-1", 2)  # one of five
    page = reviewer_client.get(reverse("cycle_dashboard", args=[2026])).content.decode()
    assert "Draft, 20% answered" in page


def test_the_dashboard_filters_by_state(progress, reviewer_client):
    page = reviewer_client.get(reverse("cycle_dashboard", args=[2026]), {"state": "not_started"}).content.decode()
    assert 'data-economy="SGP"' in page and 'data-economy="CT"' not in page


def test_the_dashboard_reads_in_a_fixed_number_of_queries(progress, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        selectors.dashboard_rows(progress.programme_cycle)


def test_status_json_counts_the_economies(progress, reviewer_client):
    data = reviewer_client.get(reverse("api_cycle_status", args=[2026])).json()
    assert data["totals"] == {"invited": 2, "submitted": 1, "validated": 0, "late": 0}
    assert [(e["code"], e["state"]) for e in data["economies"]] == [("CT", "submitted"), ("SGP", "not_started")]


def test_status_json_is_not_found_for_focal_points(progress, alice_client):
    assert alice_client.get(reverse("api_cycle_status", args=[2026])).status_code == 404


def test_the_csv_export_neutralises_formulas(progress, reviewer_client, singapore):
    singapore.name = "=HYPERLINK(1)"
    singapore.save()
    content = reviewer_client.get(reverse("cycle_export", args=["2026", "csv"])).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in content


def test_the_xlsx_export_opens(progress, reviewer_client):
    from openpyxl import load_workbook

    response = reviewer_client.get(reverse("cycle_export", args=["2026", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.max_row == 3


def test_a_focal_point_sees_their_economys_line_and_due_date(progress, alice_client):
    page = alice_client.get(reverse("home")).content.decode()
    assert "Chinese Taipei: due on" in page and "Submitted" in page


# the site menu


def menu_offers_cycles(client) -> bool:
    """Whether the menu of a page other than the home page (whose card also links to the cycles) does."""
    page = client.get(reverse("methodology")).content.decode()
    return 'data-testid="nav-cycles"' in page and f'href="{reverse("cycles")}"' in page


def test_the_menu_offers_the_cycles_to_a_reviewer(reviewer_client):
    assert menu_offers_cycles(reviewer_client)


def test_the_menu_offers_the_cycles_to_an_administrator(admin_client_for):
    assert menu_offers_cycles(admin_client_for)


def test_the_menu_offers_no_cycles_to_a_focal_point(alice_client):
    assert not menu_offers_cycles(alice_client)


def test_the_menu_offers_no_cycles_to_an_anonymous_reader(client, db):
    assert not menu_offers_cycles(client)


def test_the_menu_reads_no_permissions_after_sign_in(alice_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert not menu_offers_cycles(alice_client)
    assert not [query["sql"] for query in queries if "auth_permission" in query["sql"]]


def test_a_session_signed_in_before_the_menu_memo_still_offers_the_cycles(reviewer_client):
    session = reviewer_client.session
    del session["menu_cycles"]
    session.save()
    assert menu_offers_cycles(reviewer_client)


# reviewer assignment


def test_the_submission_email_goes_to_the_assigned_reviewer_only(
    planned, reviewer, alice, chinese_taipei, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model

    from assessment.permissions import reviewers_group

    other = get_user_model().objects.create_user("otto", email="otto@example.org")
    other.groups.add(reviewers_group())
    services.open_cycle(cycle=planned, user=reviewer)
    services.assign_reviewer(cycle=planned, economy=chinese_taipei, reviewer=other, user=reviewer)
    draft = answer_services.start_assessment(user=alice, economy=chinese_taipei, cycle=2026)
    answer_all(draft)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(assessment=draft, user=alice)
    assert [message.to for message in mail.outbox] == [["otto@example.org"]]


def test_without_an_assignment_every_reviewer_is_told(submitted, reviewer, django_capture_on_commit_callbacks):
    from assessment.answers import notifications

    assert list(notifications.reviewers_for(submitted)) == [reviewer]


def test_assigned_work_comes_first_in_the_review_queue(
    framework, reviewer, bob, alice, chinese_taipei, singapore, reviewer_client
):
    from django.contrib.auth import get_user_model

    cycle = make_cycle(2026, framework)
    for economy, user in ((chinese_taipei, alice), (singapore, bob)):
        draft = answer_services.start_assessment(user=user, economy=economy, cycle=2026)
        answer_all(draft)
        workflow.submit(assessment=draft, user=user)
    ReviewerAssignment.objects.create(cycle=cycle, economy=singapore, reviewer=reviewer)
    queue = reviewer_client.get(reverse("home")).context["to_review"]
    assert [waiting.assessment.economy.code for waiting in queue] == ["SGP", "CT"]
    assert get_user_model().objects.count() == 3


def test_a_reviewer_cannot_be_assigned_their_own_economy(planned, reviewer, chinese_taipei):
    from django.core.exceptions import ValidationError

    chinese_taipei.members.add(reviewer)
    with pytest.raises(ValidationError):
        services.assign_reviewer(cycle=planned, economy=chinese_taipei, reviewer=reviewer, user=reviewer)


# publication together


@pytest.fixture
def held(framework, chinese_taipei, alice):
    """A validated assessment of a cycle published together in ten days."""
    make_cycle(2026, framework, publication_date=timezone.localdate() + datetime.timedelta(days=10))
    assessment = Assessment.objects.create(
        economy=chinese_taipei, cycle=2026, framework=framework, status=Assessment.Status.VALIDATED
    )
    answer_all(assessment)
    return assessment


def test_a_validated_assessment_stays_private_until_the_publication_date(held, client):
    assert not held.is_public
    assert client.get(reverse("api_profile", args=[held.pk])).status_code == 404
    assert "Chinese Taipei" not in json.dumps(client.get(reverse("compare_json"), {"cycle": 2026}).json())


def test_it_is_public_from_the_publication_date(held, client, monkeypatch):
    move_clock(monkeypatch, days=10)
    assert client.get(reverse("api_profile", args=[held.pk])).status_code == 200


def test_publishing_the_cycle_brings_the_date_forward(held, reviewer, client):
    services.publish_cycle(cycle=held.programme_cycle, user=reviewer)
    held.refresh_from_db()
    assert held.is_public
    assert client.get(reverse("api_profile", args=[held.pk])).status_code == 200


def test_an_assessment_started_in_a_cycle_waits_for_its_publication_date(framework, alice, chinese_taipei):
    make_cycle(2026, framework, publication_date=timezone.localdate() + datetime.timedelta(days=10))
    assessment = answer_services.start_assessment(user=alice, economy=chinese_taipei, cycle=2026)
    assessment.status = Assessment.Status.VALIDATED
    assessment.save()
    assert not assessment.is_public
    assert not Assessment.objects.filter(public_q(), pk=assessment.pk).exists()


def test_moving_the_publication_date_moves_it_for_the_cycles_assessments(held, reviewer):
    cycle = held.programme_cycle
    cycle.publication_date = timezone.localdate()
    cycle.save()
    held.refresh_from_db()
    assert held.is_public


def test_a_cycle_without_publication_date_publishes_on_validation(validated):
    assert validated.programme_cycle.publication_date is None
    assert validated.is_public


def test_the_validation_email_gives_the_publication_date_when_it_is_later(
    framework, alice, chinese_taipei, reviewer, django_capture_on_commit_callbacks
):
    alice.email = "alice@example.org"
    alice.save()
    make_cycle(2026, framework, publication_date=datetime.date(2030, 5, 1))
    draft = answer_services.start_assessment(user=alice, economy=chinese_taipei, cycle=2026)
    answer_all(draft)
    workflow.submit(assessment=draft, user=alice)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.validate(assessment=draft, reviewer=reviewer)
    assert "becomes public on May 1, 2030" in mail.outbox[0].body
    assert "now public" not in mail.outbox[0].body
