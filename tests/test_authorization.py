"""Who may do what, proven over every URL pattern the resolver knows.

Each URL name has one entry in URLS: the methods tried and the rule of expected outcomes. An
assessment URL is tried on Chinese Taipei assessments in every state, by five people: the public,
CT's focal point, Singapore's focal point, a reviewer and an administrator. A URL pattern without
an entry fails the test, and no combination may answer 500.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from assessment.models import Assessment, IndicatorComment, Review, TargetPlan

from .conftest import answer_all, make_cycle

ROLES = ["public", "focal", "other", "reviewer", "admin"]
# "unpublished": validated, in a cycle whose publication date has not come yet.
STATES = ["draft", "submitted", "returned", "validated", "unpublished", "superseded", "illustrative"]

# Outcomes
OK = "ok"  # 200 for a GET; for a POST, accepted: 200, a redirect, or 400 for a form with errors
LOGIN = "login"  # 302 to the sign-in page
DENIED = "denied"  # 403
HIDDEN = "hidden"  # 404: the JSON APIs do not say what exists
NOT_ALLOWED = "405"  # the method is refused
REFUSED = "400"  # a form refuses the request as invalid for this user (no economy of theirs)
ADMIN_LOGIN = "admin-login"  # 302 to the admin's sign-in page
ADMIN_OK = "admin-ok"  # an administrator: anything but a 500 (the admin itself refuses some views)
REDIRECT = "redirect"  # 302 elsewhere


def by_role(public, focal, other, reviewer, admin) -> dict[str, str]:
    return dict(zip(ROLES, (public, focal, other, reviewer, admin), strict=True))


EVERYONE = by_role(OK, OK, OK, OK, OK)
SIGNED_IN = by_role(LOGIN, OK, OK, OK, OK)
SECRETARIAT = by_role(LOGIN, DENIED, DENIED, OK, OK)

# state → role → outcome, for the rules that depend on the assessment
VIEW = {
    "draft": by_role(LOGIN, OK, DENIED, DENIED, DENIED),
    "submitted": by_role(LOGIN, OK, DENIED, OK, OK),
    "returned": by_role(LOGIN, OK, DENIED, OK, OK),
    "validated": EVERYONE,
    "unpublished": by_role(LOGIN, OK, DENIED, OK, OK),
    "superseded": EVERYONE,
    "illustrative": EVERYONE,
}
EDIT = {
    "draft": by_role(LOGIN, OK, DENIED, DENIED, DENIED),
    "submitted": by_role(LOGIN, DENIED, DENIED, DENIED, DENIED),
    "returned": by_role(LOGIN, OK, DENIED, DENIED, DENIED),
    "validated": by_role(LOGIN, DENIED, DENIED, DENIED, DENIED),
    "unpublished": by_role(LOGIN, DENIED, DENIED, DENIED, DENIED),
    "superseded": by_role(LOGIN, DENIED, DENIED, DENIED, DENIED),
    "illustrative": by_role(LOGIN, DENIED, DENIED, DENIED, DENIED),
}
REVIEW = {state: by_role(LOGIN, DENIED, DENIED, DENIED, DENIED) for state in STATES} | {
    "submitted": by_role(LOGIN, DENIED, DENIED, OK, OK)
}
CORRECT = {state: by_role(LOGIN, DENIED, DENIED, DENIED, DENIED) for state in STATES} | {
    "validated": by_role(LOGIN, OK, DENIED, DENIED, DENIED),
    "unpublished": by_role(LOGIN, OK, DENIED, DENIED, DENIED),
}
HISTORY = {
    "draft": by_role(LOGIN, OK, DENIED, DENIED, DENIED),
    "submitted": by_role(LOGIN, OK, DENIED, OK, OK),
    "returned": by_role(LOGIN, OK, DENIED, OK, OK),
    "validated": by_role(LOGIN, OK, DENIED, OK, OK),
    "unpublished": by_role(LOGIN, OK, DENIED, OK, OK),
    "superseded": by_role(LOGIN, OK, DENIED, OK, OK),
    "illustrative": by_role(LOGIN, OK, DENIED, OK, OK),
}

# The world's economy keeps its targets private: its roadmaps are its own and its reviewers', whatever the
# assessment's state (test_targets.py shows a public plan opening the roadmap to everyone).
ROADMAP = {
    "draft": by_role(LOGIN, OK, DENIED, DENIED, DENIED),
    "submitted": by_role(LOGIN, OK, DENIED, OK, OK),
    "returned": by_role(LOGIN, OK, DENIED, OK, OK),
    "validated": by_role(LOGIN, OK, DENIED, OK, OK),
    "unpublished": by_role(LOGIN, OK, DENIED, OK, OK),
    "superseded": by_role(LOGIN, OK, DENIED, OK, OK),
    "illustrative": by_role(LOGIN, OK, DENIED, OK, OK),
}
# Targets are set by the economy's focal points, from any of its real assessments.
TARGETS = {state: by_role(LOGIN, OK, DENIED, DENIED, DENIED) for state in STATES} | {
    "illustrative": by_role(LOGIN, DENIED, DENIED, DENIED, DENIED)
}


def hidden(rule: dict) -> dict:
    """The JSON form of a rule: what a page refuses, the API answers as not found."""
    return {
        state: {role: HIDDEN if outcome in (LOGIN, DENIED) else outcome for role, outcome in roles.items()}
        for state, roles in rule.items()
    }


@dataclass(frozen=True)
class Entry:
    methods: dict[str, dict]  # method → a state → role → outcome table, or a role → outcome table
    kwargs: str = ""  # which URL arguments to fill: "assessment", "area", "comment", "extension", ...
    data: tuple = ()  # POST data


GET_ONLY = {"POST": None}

URLS: dict[str, Entry] = {
    # accounts
    "login": Entry({"GET": EVERYONE}),
    "logout": Entry({"GET": dict.fromkeys(ROLES, NOT_ALLOWED), "POST": EVERYONE}),
    "password_change": Entry({"GET": SIGNED_IN}),
    "password_change_done": Entry({"GET": SIGNED_IN}),
    "password_reset": Entry({"GET": EVERYONE}),
    "password_reset_done": Entry({"GET": EVERYONE}),
    "password_reset_confirm": Entry({"GET": EVERYONE}, kwargs="reset"),
    "password_reset_complete": Entry({"GET": EVERYONE}),
    "set_language": Entry({"POST": EVERYONE}, data=(("language", "en"),)),
    # reading what is public
    "home": Entry({"GET": EVERYONE}),
    "healthz": Entry({"GET": EVERYONE}),
    "favicon": Entry({"GET": dict.fromkeys(ROLES, REDIRECT)}),
    "methodology": Entry({"GET": EVERYONE}),
    "compare": Entry({"GET": EVERYONE}),
    "comparison_summary": Entry({"GET": EVERYONE}),
    "comparison_pdf": Entry({"GET": EVERYONE}),
    "compare_export": Entry({"GET": EVERYONE}, kwargs="extension"),
    "answers_export": Entry({"GET": EVERYONE}, kwargs="extension"),
    "compare_json": Entry({"GET": EVERYONE}),
    "api_openapi": Entry({"GET": EVERYONE}),
    "economy": Entry({"GET": EVERYONE}, kwargs="economy"),
    # starting
    "start_assessment": Entry(
        {
            "GET": by_role(LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
            "POST": by_role(LOGIN, OK, REFUSED, REFUSED, REFUSED),
        },
        data=(("economy", "CT"), ("cycle", "2030")),
    ),
    # one assessment
    "profile": Entry({"GET": VIEW}, kwargs="assessment"),
    "summary": Entry({"GET": VIEW}, kwargs="assessment"),
    "summary_pdf": Entry({"GET": VIEW}, kwargs="assessment"),
    "workbook_download": Entry({"GET": VIEW}, kwargs="assessment"),
    "api_profile": Entry({"GET": hidden(VIEW)}, kwargs="assessment"),
    "questionnaire": Entry({"GET": VIEW, "POST": EDIT}, kwargs="area"),
    "review": Entry({"GET": EDIT}, kwargs="assessment"),
    "submit": Entry({"GET": EDIT, "POST": EDIT}, kwargs="assessment"),
    "workbook_upload": Entry({"GET": EDIT, "POST": EDIT}, kwargs="assessment"),
    "workbook_apply": Entry({"POST": EDIT}, kwargs="assessment"),
    "comment_addressed": Entry({"POST": EDIT}, kwargs="comment", data=(("note", "The law lists them."),)),
    "comment_reopen": Entry({"POST": EDIT}, kwargs="addressed_comment"),
    "decide": Entry({"GET": REVIEW, "POST": REVIEW}, kwargs="assessment", data=(("decision", "validate"),)),
    "publish": Entry({"GET": REVIEW, "POST": REVIEW}, kwargs="assessment", data=(("confirmed", "yes"),)),
    "correct": Entry({"GET": CORRECT, "POST": CORRECT}, kwargs="assessment", data=(("reason", "AI-4 was wrong."),)),
    "history": Entry({"GET": HISTORY}, kwargs="assessment"),
    "targets": Entry({"GET": TARGETS, "POST": TARGETS}, kwargs="assessment", data=(("target_year", "2030"),)),
    "roadmap": Entry({"GET": ROADMAP}, kwargs="assessment"),
    "roadmap_print": Entry({"GET": ROADMAP}, kwargs="assessment"),
    "roadmap_pdf": Entry({"GET": ROADMAP}, kwargs="assessment"),
    "roadmap_xlsx": Entry({"GET": ROADMAP}, kwargs="assessment"),
    "api_roadmap": Entry({"GET": hidden(ROADMAP)}, kwargs="assessment"),
    "api_history": Entry({"GET": hidden(HISTORY)}, kwargs="assessment"),
    # programme cycles: the secretariat (reviewers and administrators) only
    "cycles": Entry({"GET": SECRETARIAT, "POST": SECRETARIAT}),
    "cycle_dashboard": Entry({"GET": SECRETARIAT}, kwargs="cycle"),
    "cycle_export": Entry({"GET": SECRETARIAT}, kwargs="cycle_export"),
    "cycle_remind": Entry({"POST": SECRETARIAT}, kwargs="cycle"),
    "cycle_assign": Entry({"POST": SECRETARIAT}, kwargs="cycle", data=(("economy", "CT"),)),
    "cycle_action": Entry({"GET": SECRETARIAT, "POST": SECRETARIAT}, kwargs="cycle_action"),
    "api_cycle_status": Entry({"GET": by_role(HIDDEN, HIDDEN, HIDDEN, OK, OK)}, kwargs="cycle"),
    # the admin: its own sign-in for everyone, everything else for administrators only
    "admin:login": Entry({"GET": by_role(OK, OK, OK, OK, ADMIN_OK)}),
    "admin:logout": Entry({"GET": by_role(REDIRECT, REDIRECT, REDIRECT, REDIRECT, NOT_ALLOWED)}),
    "admin:*": Entry({"GET": by_role(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_OK)}, kwargs="admin"),
}


def url_patterns() -> list[tuple[str, str]]:
    """(name, route) of every URL pattern, admin included."""

    def walk(resolver, prefix="", namespace=None):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, prefix + str(pattern.pattern), pattern.namespace or namespace)
            else:
                name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
                yield name, prefix + str(pattern.pattern)

    return list(walk(get_resolver()))


def path_of(name: str, route: str, kwargs: dict) -> str:
    """The URL: reversed by name, or for an unnamed admin pattern written from its route."""
    if "args" in kwargs:
        return reverse(name, args=kwargs["args"])
    if name and not name.endswith(":None"):
        return reverse(name, kwargs=kwargs)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda match: kwargs.get(match.group(1), "1"), route)
    return "/" + re.sub(r"\(\?P<\w+>[^)]*\)", "unknown/", path).replace("^", "").replace("$", "")


def entry_for(name: str) -> Entry | None:
    if name in URLS:
        return URLS[name]
    if name and name.startswith("admin:"):
        return URLS["admin:*"]
    return None


def test_every_url_pattern_has_an_entry():
    missing = [f"{name} ({route})" for name, route in url_patterns() if entry_for(name) is None]
    assert missing == []


@pytest.fixture
def world(framework, chinese_taipei, singapore, alice, bob, reviewer):
    """CT assessments in every state, and a signed-in client for each role."""
    now = timezone.now()

    def make(cycle, status, version=1, illustrative=False, supersedes=None):
        assessment = Assessment.objects.create(
            economy=chinese_taipei,
            cycle=cycle,
            framework=framework,
            status=status,
            version=version,
            is_illustrative=illustrative,
            supersedes=supersedes,
            submitted_by=alice,
            submitted_at=now,
        )
        answer_all(assessment)
        review = Review.objects.create(assessment=assessment, reviewer=reviewer, decision="returned", comment="?")
        indicator = framework.areas.get(code="SW").indicators.get(code="SW-1")
        IndicatorComment.objects.create(review=review, indicator=indicator, text="Which law?")
        # An addressed comment too, to be reopened.
        IndicatorComment.objects.create(
            review=review, indicator=indicator, text="In force?", addressed_at=now, addressed_by=alice
        )
        return assessment

    make_cycle(2019, framework, publication_date=timezone.localdate() + datetime.timedelta(days=60))
    superseded = make(2024, Assessment.Status.VALIDATED)
    assessments = {
        "draft": make(2020, Assessment.Status.DRAFT),
        "submitted": make(2021, Assessment.Status.SUBMITTED),
        "returned": make(2022, Assessment.Status.RETURNED),
        "validated": make(2024, Assessment.Status.VALIDATED, version=2, supersedes=superseded),
        "unpublished": make(2019, Assessment.Status.VALIDATED),
        "superseded": superseded,
        "illustrative": make(2023, Assessment.Status.DRAFT, illustrative=True),
    }
    TargetPlan.objects.create(economy=chinese_taipei, framework=framework, levels={"SW-1": 4}, target_year=2030)
    admin = get_user_model().objects.create_superuser("ada", "ada@example.org", "x")
    clients = {"public": Client()}
    for role, user in (("focal", alice), ("other", bob), ("reviewer", reviewer), ("admin", admin)):
        clients[role] = Client()
        clients[role].force_login(user)
    return {"assessments": assessments, "clients": clients, "admin": admin}


def arguments(name: str, route: str, kind: str, assessment: Assessment | None, world) -> dict:
    if kind in ("assessment", "area"):
        return {"pk": assessment.pk} | ({"area_code": "SW"} if kind == "area" else {})
    if kind in ("comment", "addressed_comment"):
        comments = IndicatorComment.objects.filter(review__assessment=assessment)
        comment = comments.get(addressed_at__isnull=kind == "comment")
        return {"pk": assessment.pk, "comment_id": comment.pk}
    if kind == "extension":
        return {"extension": "csv"}
    if kind == "economy":
        return {"code": "CT"}
    if kind == "cycle":
        return {"year": 2019}
    if kind == "cycle_export":
        return {"year": "2019", "extension": "csv"}
    if kind == "cycle_action":
        return {"year": 2019, "action": "close"}
    if kind == "reset":
        return {"uidb64": "MQ", "token": "set-password"}
    if kind == "admin":
        return admin_arguments(route, world)
    return {}


def admin_arguments(route: str, world) -> dict:
    """Arguments for an admin URL: an existing object of the model the route names, where it names one."""
    found = {}
    parts = route.split("/")
    if "history/([^/]+)" in route:  # django-simple-history's view of one past version: positional arguments
        obj = apps.get_model(parts[1], parts[2]).objects.first()
        return {"args": [str(obj.pk) if obj else "1", "1"]}
    if "<path:object_id>" in route or "<id>" in route:
        model = apps.get_model(parts[1], parts[2]) if not route.startswith("admin/r/") else Assessment
        obj = model.objects.first()
        found["object_id" if "<path:object_id>" in route else "id"] = str(obj.pk) if obj else "1"
    if "<path:content_type_id>" in route:
        found["content_type_id"] = str(ContentType.objects.get_for_model(Assessment).pk)
        found["object_id"] = str(world["assessments"]["validated"].pk)
    if "app_label" in route:
        found["app_label"] = "assessment"
    if "<str:version_id>" in route:
        found["version_id"] = "1"
    return found


def outcome_of(response, method: str) -> str:
    status = response.status_code
    location = response.get("Location", "")
    if status == 302 and location.startswith("/admin/login/"):
        return ADMIN_LOGIN
    if status == 302 and location.startswith("/accounts/login/"):
        return LOGIN
    if status == 302 and method == "GET":
        return REDIRECT
    return {403: DENIED, 404: HIDDEN, 405: NOT_ALLOWED}.get(status, OK if status < 400 else str(status))


def matches(expected: str, actual: str, response, method: str) -> bool:
    if expected == ADMIN_OK:
        return response.status_code < 500
    if expected == OK and method == "POST":
        return actual == OK or actual == REFUSED
    if expected == OK and method == "GET":
        return response.status_code == 200
    return actual == expected


def form_data(entry: Entry, world) -> dict:
    data = dict(entry.data)
    if data.get("economy") == "CT":
        data["economy"] = str(world["assessments"]["draft"].economy.pk)
    return data


TABLE_SIZE = {"requests": 0}


@pytest.mark.parametrize("name, route", url_patterns(), ids=[f"{name} {route}" for name, route in url_patterns()])
def test_each_role_gets_the_expected_outcome_in_every_state(name, route, world):
    entry = entry_for(name)
    assert entry is not None, f"no entry for {name}"
    failures = []
    for method, table in entry.methods.items():
        if table is None:
            continue
        states = STATES if set(table) == set(STATES) else [None]
        for state in states:
            assessment = world["assessments"][state] if state else None
            url = path_of(name, route, arguments(name, route, entry.kwargs, assessment, world))
            for role in ROLES:
                expected = (table[state] if state else table)[role]
                client = world["clients"][role]
                with transaction.atomic():
                    if method == "GET":
                        response = client.get(url)
                    else:
                        response = client.post(url, form_data(entry, world))
                    transaction.set_rollback(True)  # every request meets the same world
                actual = outcome_of(response, method)
                assert response.status_code != 500
                if not matches(expected, actual, response, method):
                    failures.append(
                        f"{method} {url} as {role} ({state}): expected {expected}, got {response.status_code}"
                    )
    assert failures == []
