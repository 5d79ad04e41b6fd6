"""The app speaks Traditional Chinese as well as English."""

from django.urls import reverse


def switch_to_chinese(client):
    client.post(reverse("set_language"), {"language": "zh-hant", "next": "/"})


def test_the_interface_switches_to_traditional_chinese(client, db):
    switch_to_chinese(client)
    page = client.get(reverse("home")).content.decode()
    assert "關務數位化成熟度" in page
    assert 'lang="zh-hant"' in page


def test_stage_names_are_translated(client, validated):
    switch_to_chinese(client)
    assert "已建立" in client.get(reverse("profile", kwargs={"pk": validated.pk})).content.decode()


def test_economy_names_follow_the_language(alice_client, draft):
    switch_to_chinese(alice_client)
    page = alice_client.get(reverse("questionnaire", kwargs={"pk": draft.pk, "area_code": "SW"})).content.decode()
    assert "中華臺北 2025" in page


def test_english_stays_the_default(client, db):
    assert "Customs digitalization maturity" in client.get(reverse("home")).content.decode()
