"""Signing in: password change and reset, and throttling of failed sign-ins (django-axes)."""

import logging
import re
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import caches
from django.db import connection
from django.db.models import F
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessment import accounts
from assessment.models import RequestCount
from assessment.request_limits import Limit, client_address, take

from .conftest import PASSWORD

RACE = Path(__file__).with_name("race_take.py")

NEW_PASSWORD = "a-fresh-customs-passphrase"
LOCKOUT = re.compile(
    r"Too many failed sign-ins for this account\. Try again after (\d\d:\d\d) UTC \(in (\d+) minutes?\)\."
)


def sign_in(client, username, password, path=None):
    return client.post(path or reverse("login"), {"username": username, "password": password})


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail_to_sign_in(client, username, times, path=None):
    for _ in range(times):
        sign_in(client, username, "wrong-password", path)


@pytest.fixture
def alice_with_email(alice):
    alice.email = "alice@customs.example"
    alice.save()
    return alice


def without_csrf_token(response) -> str:
    """The page as text, less the CSRF token that differs on every response."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def reset_link(client, email) -> str:
    client.post(reverse("password_reset"), {"email": email})
    return re.search(r"https?://testserver(/accounts/reset/\S+/)", mail.outbox[-1].body).group(1)


# Password change


def test_the_navigation_offers_a_password_change_to_signed_in_users(alice_client):
    page = alice_client.get(reverse("home")).content.decode()
    assert reverse("password_change") in page


def test_changing_the_password_requires_sign_in(client, db):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_changed_password_signs_in(alice_client, client):
    response = alice_client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.url == reverse("password_change_done")
    alice_client.logout()
    sign_in(client, "alice", NEW_PASSWORD)
    assert is_signed_in(client)


def test_the_old_password_stops_working_after_a_change(alice_client, client):
    alice_client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    alice_client.logout()
    sign_in(client, "alice", PASSWORD)
    assert not is_signed_in(client)


# Password reset


def test_the_sign_in_page_links_to_the_password_reset(client, db):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()


def test_a_reset_sends_a_link_to_the_account_address(client, alice_with_email):
    response = client.post(reverse("password_reset"), {"email": "alice@customs.example"})
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@customs.example"]
    assert "/accounts/reset/" in mail.outbox[0].body


def test_the_reset_link_sets_a_new_password_that_signs_in(client, alice_with_email):
    form_page = client.get(reset_link(client, "alice@customs.example"), follow=True)
    assert 'name="new_password1"' in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.url == reverse("password_reset_complete")
    sign_in(client, "alice", NEW_PASSWORD)
    assert is_signed_in(client)


def test_a_used_reset_link_is_refused(client, alice_with_email):
    link = reset_link(client, "alice@customs.example")
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    page = client.get(link, follow=True).content.decode()
    assert 'data-testid="invalid-link"' in page


def test_an_unknown_address_gets_the_same_page_and_no_email(client, alice_with_email):
    known = client.post(reverse("password_reset"), {"email": "alice@customs.example"}, follow=True)
    unknown = client.post(reverse("password_reset"), {"email": "nobody@customs.example"}, follow=True)
    assert unknown.redirect_chain == known.redirect_chain
    assert without_csrf_token(unknown) == without_csrf_token(known)
    assert len(mail.outbox) == 1


def ask_for_reset(client, address, times=1, **headers):
    for _ in range(times):
        response = client.post(reverse("password_reset"), {"email": address}, follow=True, **headers)
    return response


def hour_over():
    """Every limit's window, as if it had started an hour ago."""
    RequestCount.objects.update(window_ends=F("window_ends") - timedelta(hours=1, seconds=1))


def through_the_proxy(*hops: str) -> dict:
    """A request as nginx passes it on: from the proxy's address, with the hops it was given plus the client's."""
    return {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": ", ".join(hops)}


def test_a_fourth_reset_within_the_hour_sends_nothing_and_says_the_same(client, alice_with_email):
    first = ask_for_reset(client, "alice@customs.example")
    fourth = ask_for_reset(client, "alice@customs.example", times=3)
    assert len(mail.outbox) == 3
    assert fourth.redirect_chain == first.redirect_chain
    assert without_csrf_token(fourth) == without_csrf_token(first)


def test_one_client_may_ask_ten_times_whatever_the_addresses(client, alice_with_email):
    ask_for_reset(client, "nobody@customs.example", times=10)
    ask_for_reset(client, "alice@customs.example")
    assert mail.outbox == []


def test_resets_are_sent_again_once_the_hour_is_over(client, alice_with_email):
    ask_for_reset(client, "alice@customs.example", times=4)
    hour_over()
    ask_for_reset(client, "alice@customs.example")
    assert len(mail.outbox) == 4


def test_behind_the_proxy_one_client_cannot_switch_reset_off_for_another(client, alice_with_email, settings):
    # The probe's N2: ten requests from one client used to stop resets for every user of the proxy.
    settings.BEHIND_TLS_PROXY = True
    for attempt in range(20):
        # The attacker may write any X-Forwarded-For; nginx appends the address it really came from.
        ask_for_reset(client, f"x{attempt}@example.org", **through_the_proxy(f"10.0.0.{attempt}", "198.51.100.7"))
    ask_for_reset(client, "alice@customs.example", **through_the_proxy("203.0.113.7"))
    assert [message.to for message in mail.outbox] == [["alice@customs.example"]]


def test_behind_the_proxy_the_eleventh_request_of_one_client_sends_nothing(client, alice_with_email, settings):
    settings.BEHIND_TLS_PROXY = True
    ask_for_reset(client, "nobody@customs.example", times=10, **through_the_proxy("forged", "198.51.100.7"))
    ask_for_reset(client, "alice@customs.example", **through_the_proxy("203.0.113.7", "198.51.100.7"))
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("proxy", "forwarded_for", "expected"),
    [
        (True, "203.0.113.7", "203.0.113.7"),
        (True, "10.1.1.1, 192.0.2.1,203.0.113.7", "203.0.113.7"),
        (True, "203.0.113.7, 2001:DB8::1", "2001:db8::1"),
        (True, "203.0.113.7, not-an-address", "127.0.0.1"),
        (True, "", "127.0.0.1"),
        (False, "203.0.113.7", "127.0.0.1"),
    ],
)
def test_the_client_address_is_the_proxys_last_hop_only_behind_the_proxy(settings, proxy, forwarded_for, expected):
    settings.BEHIND_TLS_PROXY = proxy
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_address(request) == expected


def test_a_request_is_counted_by_one_conditional_update(db, django_assert_num_queries):
    limit = Limit("test", 3, timedelta(hours=1))
    take(limit, "someone")
    with CaptureQueriesContext(connection) as queries, django_assert_num_queries(1):
        assert take(limit, "someone")
    sql = queries[0]["sql"]
    # The limit is checked and the count raised in the same statement: no read-then-write race.
    assert sql.startswith("UPDATE")
    assert '"count" < 3' in sql and '"count" = ("assessment_requestcount"."count" + 1)' in sql


def test_exactly_the_limit_is_taken_however_often_asked(db):
    limit = Limit("test", 3, timedelta(hours=1))
    assert [take(limit, "someone") for _ in range(20)] == [True] * 3 + [False] * 17
    assert RequestCount.objects.get(key="test:someone").count == 3


def test_twenty_processes_at_once_take_exactly_the_limit(tmp_path):
    # The probe's N3: 20 simultaneous requests, limit 3, used to send 5 e-mails.
    result = subprocess.run(
        [sys.executable, str(RACE), str(tmp_path / "race.sqlite3"), "20"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["3", "3"]  # allowed, and the count stored


def test_the_limits_are_not_in_any_cache(client, alice_with_email):
    # The probe's N4: clearing (or evicting from) the page cache used to reset the counters.
    ask_for_reset(client, "alice@customs.example", times=3)
    for cache in caches.all():
        cache.clear()
    ask_for_reset(client, "alice@customs.example")
    assert len(mail.outbox) == 3


def test_ended_windows_are_deleted_when_a_new_one_starts(client, alice_with_email):
    ask_for_reset(client, "alice@customs.example")
    hour_over()
    ask_for_reset(client, "nobody@customs.example", REMOTE_ADDR="192.0.2.9")
    assert sorted(RequestCount.objects.values_list("key", flat=True)) == [
        "reset:address:" + accounts.subject_of("nobody@customs.example"),
        "reset:client:192.0.2.9",
        "reset:site:all",
    ]


def test_the_target_address_is_stored_only_hashed(client, alice_with_email):
    ask_for_reset(client, "alice@customs.example")
    assert not RequestCount.objects.filter(key__contains="alice").exists()


def test_the_site_wide_ceiling_alerts_the_administrators_and_says_the_same(
    client, alice_with_email, monkeypatch, caplog
):
    monkeypatch.setattr(accounts, "RESET_SITE_WIDE", Limit("reset:site", 2, timedelta(hours=1)))
    first = ask_for_reset(client, "a@example.org", REMOTE_ADDR="192.0.2.1")
    ask_for_reset(client, "b@example.org", REMOTE_ADDR="192.0.2.2")
    with caplog.at_level(logging.WARNING, logger="assessment.accounts"):
        third = ask_for_reset(client, "alice@customs.example", REMOTE_ADDR="192.0.2.3")
    assert mail.outbox == []
    assert [(record.levelno, record.getMessage()) for record in caplog.records] == [
        (
            logging.ERROR,
            "password reset site-wide ceiling reached: 2 reset requests within the hour; "
            "no reset e-mail is sent until the hour is over",
        )
    ]
    assert without_csrf_token(third) == without_csrf_token(first)


def test_a_request_refused_for_its_client_does_not_use_up_the_address(client, alice_with_email):
    ask_for_reset(client, "nobody@customs.example", times=10, REMOTE_ADDR="192.0.2.1")
    ask_for_reset(client, "alice@customs.example", times=5, REMOTE_ADDR="192.0.2.1")
    ask_for_reset(client, "alice@customs.example", REMOTE_ADDR="192.0.2.2")
    assert len(mail.outbox) == 1


# Throttling: the 11th failed sign-in within 15 minutes is refused


def test_ten_failures_then_the_right_password_is_refused_with_the_time_to_try_again(client, alice):
    fail_to_sign_in(client, "alice", 10)
    response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert not is_signed_in(client)
    shown, minutes = LOCKOUT.search(response.content.decode()).groups()
    assert minutes == "15"
    expected = timezone.now() + timedelta(minutes=15)
    shown_at = datetime.combine(expected.date(), datetime.strptime(shown, "%H:%M").time(), expected.tzinfo)
    assert abs(shown_at - expected) <= timedelta(minutes=1)


def test_nine_failures_then_the_right_password_signs_in(client, alice):
    fail_to_sign_in(client, "alice", 9)
    response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert is_signed_in(client)


def test_a_success_starts_the_count_again(client, alice):
    fail_to_sign_in(client, "alice", 9)
    sign_in(client, "alice", PASSWORD)
    client.logout()
    fail_to_sign_in(client, "alice", 9)
    sign_in(client, "alice", PASSWORD)
    assert is_signed_in(client)


def test_the_lockout_of_one_user_does_not_lock_another(client, alice, bob):
    fail_to_sign_in(client, "alice", 10)
    sign_in(client, "bob", PASSWORD)
    assert is_signed_in(client)


def test_the_lock_ends_after_the_cool_off(client, alice, settings):
    fail_to_sign_in(client, "alice", 10)
    # Every failure so far is now older than the cool-off.
    settings.AXES_COOLOFF_TIME = timedelta(seconds=0)
    sign_in(client, "alice", PASSWORD)
    assert is_signed_in(client)


def test_the_admin_sign_in_is_throttled_too(client, db):
    get_user_model().objects.create_superuser("admin", password=PASSWORD)
    fail_to_sign_in(client, "admin", 10, path=reverse("admin:login"))
    response = sign_in(client, "admin", PASSWORD, path=reverse("admin:login"))
    assert response.status_code == 429
    assert LOCKOUT.search(response.content.decode())
