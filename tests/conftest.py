"""Shared fixtures: alice answers for Chinese Taipei, bob for Singapore, a small framework."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches

from assessment.models import Answer, Area, Assessment, BestPractice, Economy, Framework, Indicator

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def english_to_start():
    """A test that switched to Chinese must not leave the next one reading Chinese content."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The real hasher's deliberate cost would be most of the time of tests that create users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def chinese_taipei(db):
    return Economy.objects.create(code="CT", name="Chinese Taipei", name_zh="中華臺北")


@pytest.fixture
def singapore(db):
    return Economy.objects.create(code="SGP", name="Singapore", name_zh="新加坡")


@pytest.fixture
def alice(chinese_taipei):
    user = get_user_model().objects.create_user("alice", password=PASSWORD)
    chinese_taipei.members.add(user)
    return user


@pytest.fixture
def bob(singapore):
    user = get_user_model().objects.create_user("bob", password=PASSWORD)
    singapore.members.add(user)
    return user


def make_framework(version="T.1", areas=(("SW", 60, (3, 1, 2)), ("BL", 40, (1, 1))), current=True):
    """A framework whose areas and indicator weights are given as (code, weight, (indicator weights))."""
    framework = Framework.objects.create(version=version, title="Test framework", is_current=current)
    for area_order, (code, weight, indicator_weights) in enumerate(areas, start=1):
        area = Area.objects.create(framework=framework, code=code, name=f"Area {code}", weight=weight, order=area_order)
        for order, indicator_weight in enumerate(indicator_weights, start=1):
            Indicator.objects.create(
                area=area,
                code=f"{code}-{order}",
                question=f"Question {code}-{order}?",
                weight=indicator_weight,
                levels=[f"{code}-{order} level {level} description" for level in range(5)],
                order=order,
            )
    return framework


@pytest.fixture
def framework(db):
    return make_framework()


@pytest.fixture
def practices(framework, singapore):
    area = framework.areas.get(code="SW")
    practices = [
        BestPractice.objects.create(
            area=area,
            source="Singapore",
            level=level,
            title=f"Practice at level {level}",
            summary="What the report says.",
            section="Policy dialogue",
            line=144,
        )
        for level in (2, 3, 4)
    ]
    for practice in practices:
        practice.economies.add(singapore)
    return practices


@pytest.fixture
def draft(framework, chinese_taipei, alice):
    return Assessment.objects.create(economy=chinese_taipei, cycle=2025, framework=framework, created_by=alice)


def answer(assessment, code, value, **texts):
    indicator = Indicator.objects.get(area__framework=assessment.framework, code=code)
    return Answer.objects.create(assessment=assessment, indicator=indicator, value=str(value), **texts)


def answer_all(assessment, value=3):
    for indicator in Indicator.objects.filter(area__framework=assessment.framework):
        answer(assessment, indicator.code, value)


@pytest.fixture
def validated(draft):
    answer_all(draft)
    draft.status = Assessment.Status.VALIDATED
    draft.save()
    return draft


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(client, bob):
    client.force_login(bob)
    return client


@pytest.fixture
def validated_other(framework, singapore):
    """A validated assessment of Singapore, readable by anyone."""
    assessment = Assessment.objects.create(
        economy=singapore, cycle=2025, framework=framework, status=Assessment.Status.VALIDATED
    )
    answer_all(assessment, 2)
    return assessment


@pytest.fixture
def reviewer(db):
    """Rita reviews for the programme secretariat (the Reviewers group); she answers for no economy."""
    from assessment.permissions import reviewers_group

    user = get_user_model().objects.create_user("rita", email="rita@example.org", password=PASSWORD)
    user.groups.add(reviewers_group())
    return user


@pytest.fixture
def reviewer_client(reviewer):
    from django.test import Client

    client = Client()
    client.force_login(reviewer)
    return client


@pytest.fixture
def submitted(draft, alice):
    """Chinese Taipei's 2025 draft, complete and submitted for review by alice."""
    from django.utils import timezone

    answer_all(draft)
    draft.status, draft.submitted_by, draft.submitted_at = Assessment.Status.SUBMITTED, alice, timezone.now()
    draft.save()
    return draft


@pytest.fixture
def admin_client_for(db):
    """An administrator signed in on a client of their own."""
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.create_superuser("ada", "ada@example.org", "x"))
    return client


def make_cycle(year, framework, *, status="open", due_in_days=30, publication_date=None, economies=()):
    """A programme cycle of the year, open by default, due in a month."""
    import datetime

    from django.utils import timezone

    from assessment.models import Cycle

    today = timezone.localdate()
    cycle = Cycle.objects.create(
        year=year,
        framework=framework,
        opens_on=today - datetime.timedelta(days=10),
        due_on=today + datetime.timedelta(days=due_in_days),
        publication_date=publication_date,
        status=status,
    )
    cycle.invited_economies.set(economies)
    return cycle


@pytest.fixture
def open_cycle(framework):
    """The 2026 cycle, open to every economy, due in 30 days."""
    return make_cycle(2026, framework)
