"""Sign-in locks that cannot lock a person out: per username and client address, slower ceilings
across addresses, locks administrators see and lift, and an e-mail to the account's holder."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assessment import accounts
from assessment.models import RequestCount

from .conftest import PASSWORD
from .test_accounts import without_csrf_token


def sign_in(client, username, password, address="192.0.2.1", **headers):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def fail(client, username, times, address="192.0.2.1", **headers):
    for _ in range(times):
        response = sign_in(client, username, "wrong-password", address, **headers)
    return response


def signs_in(client, username, address, **headers) -> bool:
    response = sign_in(client, username, PASSWORD, address, **headers)
    signed_in = response.status_code == 302 and "_auth_user_id" in client.session
    client.logout()
    return signed_in


def lock_notices_sent():
    """The lock notices (the tests' task backend sends each as soon as it is queued)."""
    return [message for message in mail.outbox if "refused" in message.subject]


def set_count(key, count, hours=1):
    window_ends = timezone.now() + timedelta(hours=hours)
    RequestCount.objects.update_or_create(key=key, defaults={"count": count, "window_ends": window_ends})


@pytest.fixture(autouse=True)
def no_notice_left_running():
    """A notice still being sent must not land in the next test's outbox."""
    yield
    lock_notices_sent()


@pytest.fixture
def alice_with_email(alice):
    alice.email = "alice@customs.example"
    alice.save()
    return alice


# Per username and client address


def test_a_username_locked_from_one_address_still_signs_in_from_another(client, alice):
    assert fail(client, "alice", 10, "198.51.100.7").status_code == 429
    assert not signs_in(client, "alice", "198.51.100.7")
    assert signs_in(client, "alice", "203.0.113.7")


def test_behind_the_proxy_the_lock_follows_the_proxys_last_hop(client, alice, settings):
    settings.BEHIND_TLS_PROXY = True
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.7, 198.51.100.7"}  # the first hop is forged
    fail(client, "alice", 10, "127.0.0.1", **attacker)
    assert not signs_in(client, "alice", "127.0.0.1", **attacker)
    assert signs_in(client, "alice", "127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")


def test_failures_from_many_addresses_below_the_ceiling_lock_nobody_else(client, alice):
    for number in range(1, 5):
        fail(client, "alice", 10, f"198.51.100.{number}")
    assert signs_in(client, "alice", "203.0.113.7")


# The ceiling per username


def test_fifty_failures_in_a_day_lock_the_username_at_every_new_address(client, alice):
    for number in range(1, 6):
        fail(client, "alice", 9, f"198.51.100.{number}")  # 45: no address reaches its own lock
    assert signs_in(client, "alice", "203.0.113.9")
    client.logout()
    RequestCount.objects.filter(key="sign-in:username:alice").update(count=49)
    response = fail(client, "alice", 1, "198.51.100.6")
    assert response.status_code == 429
    assert not signs_in(client, "alice", "203.0.113.7")


def test_the_username_ceiling_counts_failures_from_every_address(client, alice):
    for number in range(1, 6):
        fail(client, "alice", 10, f"198.51.100.{number}")
    assert RequestCount.objects.get(key="sign-in:username:alice").count == 50
    assert not signs_in(client, "alice", "203.0.113.8")


def test_the_username_ceiling_locks_for_an_hour_not_the_whole_day(client, alice):
    set_count("sign-in:username:alice", 49, hours=20)
    fail(client, "alice", 1, "198.51.100.1")
    ends = RequestCount.objects.get(key="sign-in:username:alice").window_ends
    assert abs(ends - (timezone.now() + timedelta(hours=1))) < timedelta(minutes=1)


def test_the_username_ceiling_spares_an_address_it_signed_in_from_lately(client, alice):
    assert signs_in(client, "alice", "203.0.113.7")
    set_count("sign-in:username:alice", 50)
    assert signs_in(client, "alice", "203.0.113.7")
    assert not signs_in(client, "alice", "203.0.113.8")


def test_the_lockout_page_gives_the_end_of_the_ceiling_lock(client, alice):
    set_count("sign-in:username:alice", 50)
    response = sign_in(client, "alice", PASSWORD, "203.0.113.7")
    assert response.status_code == 429
    assert "(in 60 minutes)" in response.content.decode()


def test_refused_sign_ins_do_not_count_toward_the_ceiling(client, alice):
    fail(client, "alice", 30, "198.51.100.1")
    assert RequestCount.objects.get(key="sign-in:username:alice").count == 10


# The ceiling per client address (password spraying)


def test_one_address_failing_for_many_usernames_is_locked_after_a_hundred(client, alice, bob):
    get_user_model().objects.create_user("carol", password=PASSWORD)
    assert signs_in(client, "alice", "198.51.100.1")
    for number in range(11):
        fail(client, f"user{number}", 9, "198.51.100.1")  # 99
    assert signs_in(client, "carol", "198.51.100.1")
    fail(client, "user11", 1, "198.51.100.1")
    assert not signs_in(client, "bob", "198.51.100.1")
    assert signs_in(client, "bob", "203.0.113.7")
    # Where alice and carol signed in lately, the ceiling does not lock them.
    assert signs_in(client, "alice", "198.51.100.1") and signs_in(client, "carol", "198.51.100.1")


# Administrators see and lift locks


@pytest.fixture
def admin_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.org", "x"))
    return client


def test_the_admin_lists_locked_usernames(client, alice, admin_client_for):
    fail(client, "alice", 10, "198.51.100.7")
    page = admin_client_for.get(reverse("admin:axes_accessattempt_changelist") + "?locked_out=yes")
    assert page.status_code == 200
    assert "198.51.100.7" in page.content.decode() and ">alice<" in page.content.decode()


def test_deleting_an_access_attempt_in_the_admin_lifts_its_lock(client, alice, admin_client_for):
    fail(client, "alice", 10, "198.51.100.7")
    attempt = AccessAttempt.objects.get(username="alice")
    response = admin_client_for.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert signs_in(client, "alice", "198.51.100.7")


def test_the_unlock_action_lifts_every_lock_of_the_username(client, alice, admin_client_for):
    fail(client, "alice", 10, "198.51.100.7")
    set_count("sign-in:username:alice", 50)
    attempt = AccessAttempt.objects.get(username="alice")
    admin_client_for.post(
        reverse("admin:axes_accessattempt_changelist"), {"action": "unlock", "_selected_action": [attempt.pk]}
    )
    assert not AccessAttempt.objects.filter(username="alice").exists()
    assert signs_in(client, "alice", "198.51.100.7")


def test_the_admin_lists_and_deletes_request_limits(client, alice, admin_client_for):
    fail(client, "alice", 1, "198.51.100.7")
    page = admin_client_for.get(reverse("admin:assessment_requestcount_changelist"))
    assert "sign-in:client:198.51.100.7" in page.content.decode()
    row = RequestCount.objects.get(key="sign-in:client:198.51.100.7")
    admin_client_for.post(reverse("admin:assessment_requestcount_delete", args=[row.pk]), {"post": "yes"})
    assert not RequestCount.objects.filter(pk=row.pk).exists()


def test_request_limits_cannot_be_added_or_changed_in_the_admin(admin_client_for, db):
    assert admin_client_for.get(reverse("admin:assessment_requestcount_add")).status_code == 403


def test_only_staff_see_the_locks(alice_client):
    response = alice_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 302


# The holder hears of it


def test_the_holder_is_emailed_in_both_languages_when_their_account_is_locked(client, alice_with_email):
    fail(client, "alice", 10, "198.51.100.7")
    [notice] = lock_notices_sent()
    assert notice.to == ["alice@customs.example"]
    assert notice.subject == "Sign-ins to your account were refused / 您的帳號登入遭拒"
    assert "198.51.100.7" in notice.body
    assert "too many failed sign-ins" in notice.body and "登入失敗次數過多" in notice.body
    assert reverse("password_reset") in notice.body


def test_the_holder_gets_one_notice_however_often_the_account_is_locked(client, alice_with_email):
    fail(client, "alice", 15, "198.51.100.7")
    fail(client, "alice", 10, "198.51.100.8")
    assert len(lock_notices_sent()) == 1


def test_no_notice_before_the_lock(client, alice_with_email):
    fail(client, "alice", 9, "198.51.100.7")
    assert lock_notices_sent() == []


def test_a_ceiling_lock_notifies_the_holder_too(client, alice_with_email):
    set_count("sign-in:username:alice", 49)
    fail(client, "alice", 1, "198.51.100.7")
    assert len(lock_notices_sent()) == 1


def test_the_lockout_page_is_the_same_for_an_account_and_an_unknown_username(client, alice_with_email):
    known = fail(client, "alice", 10, "198.51.100.7")
    unknown = fail(client, "nobody-here", 10, "198.51.100.7")
    assert known.status_code == unknown.status_code == 429
    assert without_csrf_token(known) == without_csrf_token(unknown)


def test_the_ceilings_are_the_figures_docs_security_states():
    assert (accounts.SIGN_IN_PER_USERNAME.requests, accounts.SIGN_IN_PER_USERNAME.window) == (50, timedelta(hours=24))
    assert accounts.SIGN_IN_PER_USERNAME.lock == timedelta(hours=1)
    assert (accounts.SIGN_IN_PER_CLIENT.requests, accounts.SIGN_IN_PER_CLIENT.window) == (100, timedelta(hours=1))
