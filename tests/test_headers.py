"""The Content-Security-Policy header forbids inline script, and no page relies on any."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    parts = (part.split() for part in response["Content-Security-Policy"].split(";") if part.strip())
    return {name: sources for name, *sources in parts}


class InlineScriptFinder(HTMLParser):
    """Collects what script-src 'self' would refuse: inline scripts, on…= handlers, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes:
            self.found.append("<script> without src")
        self.found += [f"<{tag} {name}=…>" for name in attributes if name.startswith("on")]
        self.found += [
            f"<{tag} {name}=javascript:…>"
            for name, value in attributes.items()
            if (value or "").strip().lower().startswith("javascript:")
        ]


def inline_scripts(page: str) -> list[str]:
    finder = InlineScriptFinder()
    finder.feed(page)
    return finder.found


@pytest.fixture
def page_urls(validated_other, draft):
    return {
        "home": reverse("home"),
        "login": reverse("login"),
        "compare": reverse("compare"),
        "methodology": reverse("methodology"),
        "profile": reverse("profile", kwargs={"pk": validated_other.pk}),
        "print summary": reverse("summary", kwargs={"pk": validated_other.pk}),
        "questionnaire": reverse("questionnaire", kwargs={"pk": draft.pk, "area_code": "SW"}),
        "not found": "/no-such-page/",
    }


@pytest.mark.parametrize(
    "page, status", [("home", 200), ("profile", 200), ("compare", 200), ("print summary", 200), ("not found", 404)]
)
def test_pages_allow_scripts_from_the_site_only(client, page_urls, page, status):
    response = client.get(page_urls[page])
    assert response.status_code == status
    assert policy(response)["script-src"] == ["'self'"]


def test_the_policy_refuses_plugins_framing_and_other_origins(client, db):
    directives = policy(client.get(reverse("home")))
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]


@pytest.mark.parametrize(
    "page", ["home", "login", "compare", "methodology", "profile", "print summary", "questionnaire"]
)
def test_pages_have_no_inline_script_or_event_handler(alice_client, page_urls, page):
    response = alice_client.get(page_urls[page])
    assert response.status_code == 200
    assert inline_scripts(response.content.decode()) == []


def test_the_finder_catches_inline_handlers_and_scripts():
    page = '<select onchange="this.form.submit()"></select><script>alert(1)</script><a href="javascript:go()">'
    assert len(inline_scripts(page)) == 3
