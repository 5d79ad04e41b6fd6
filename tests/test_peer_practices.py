"""No economy is ever shown its own practice as a peer's (content review 2026-12, check 5; issue 23
item 3): a row about two economies (a joint system) or about a joint operation names every economy
whose practice it is, and none of them sees it among the peers' practices or the context rows."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from assessment.framework.loaders import DocumentError, load_best_practices
from assessment.framework.selectors import best_practices_by_area
from assessment.models import BestPractice, Economy, Framework
from assessment.reports.profile import practices_seen_by

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


@pytest.fixture
def shipped(db):
    call_command("load_framework", verbosity=0)
    return Framework.objects.get(is_current=True)


def test_no_economy_sees_its_own_practice_in_any_area(shipped):
    practices = best_practices_by_area(shipped)
    economies = list(Economy.objects.all())
    assert len(economies) == 21 and set(practices) == {"SW", "DM", "AI", "EP", "BL"}
    for economy in economies:
        for area, rows in practices.items():
            peers, context = practices_seen_by(rows, economy.pk)
            own = [p.title for p in peers + context if economy in p.economies.all()]
            assert own == [], (economy.code, area, own)


def test_every_row_a_joint_practice_names_all_its_economies(shipped):
    def codes(title_start: str) -> set[str]:
        practice = BestPractice.objects.get(area__framework=shipped, title__startswith=title_start)
        return set(practice.economies.values_list("code", flat=True))

    assert codes("Robotic process automation") == {"JPN", "HKC"}
    assert codes("Certificates of origin exchanged electronically with China") == {"SGP", "PRC"}
    assert codes("Real-time container-tracking cooperation with China") == {"SGP", "PRC"}
    operation = codes("Risk analysis and identity verification")
    assert operation == {"USA", "CT", "AUS", "CHL", "JPN", "MEX", "NZ", "SGP", "THA"}


def test_japan_and_hong_kong_see_the_rpa_row_of_neither_and_korea_sees_it(shipped):
    rows = best_practices_by_area(shipped)["AI"]
    seen = {
        code: [p.title for p in practices_seen_by(rows, Economy.objects.get(code=code).pk)[0]]
        for code in ("JPN", "HKC", "ROK")
    }
    rpa = "Robotic process automation of clearance tasks"
    assert rpa not in seen["JPN"] and rpa not in seen["HKC"] and rpa in seen["ROK"]


def test_the_loader_takes_a_list_of_economies_and_still_the_single_economy(framework, singapore, chinese_taipei):
    row = {"area": "SW", "level": 2, "title": "t", "summary": "s", "section": "§", "line": 1, "source": "x"}
    load_best_practices(framework, [row | {"economies": ["SGP", "CT"]}, row | {"economy": "SGP"}, row])
    assert [sorted(p.economies.values_list("code", flat=True)) for p in BestPractice.objects.order_by("pk")] == [
        ["CT", "SGP"], ["SGP"], [],
    ]  # fmt: skip


@pytest.mark.parametrize(("economies", "message"), [(["XX"], "no economy 'XX'"), ("SGP", "must be a list")])
def test_the_loader_refuses_an_unknown_economy_or_a_bare_code(framework, singapore, economies, message):
    row = {"area": "SW", "level": 2, "title": "t", "summary": "s", "section": "§", "line": 1, "source": "x"}
    with pytest.raises(DocumentError, match=message):
        load_best_practices(framework, [row | {"economies": economies}])


def test_every_shipped_row_lists_its_economies():
    rows = json.loads((FIXTURES / "best_practices.json").read_text(encoding="utf-8"))
    assert all(isinstance(row["economies"], list) and "economy" not in row for row in rows)


def test_export_framework_lists_each_practices_economies(shipped, capsys):
    call_command("export_framework")
    document = json.loads(capsys.readouterr().out)
    rpa = next(p for p in document["best_practices"] if p["title"].startswith("Robotic process automation"))
    assert rpa["economies"] == ["HKC", "JPN"]
