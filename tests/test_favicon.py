"""Every page names its icon, and /favicon.ico answers, so no browser logs a 404 for it."""

from django.contrib.staticfiles import finders


def test_every_page_names_the_icon(client, db):
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in client.get("/").content.decode()


def test_favicon_ico_leads_to_the_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.svg"
    assert finders.find("favicon.svg") is not None
