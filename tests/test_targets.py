"""Targets and the roadmap: setting targets, the roadmap page, its JSON, print, PDF and workbook."""

import io

import openpyxl
import pytest
from django.urls import reverse

from assessment.framework.loaders import load_prerequisites
from assessment.models import Assessment, TargetPlan

from .conftest import answer


def targets_data(**levels):
    """The targets form's data: target year 2028, private, and the given levels (SW_1=3, area_SW=2)."""
    data = {"target_year": "2028"}
    for name, level in levels.items():
        kind, _, code = name.partition("_")
        key = f"area__{code}" if kind == "area" else f"target__{name.replace('_', '-')}"
        data[key] = str(level)
    return data


@pytest.fixture
def answered(draft):
    for code, value in {"SW-1": 1, "SW-2": 2, "SW-3": "na", "BL-1": 0, "BL-2": "dk"}.items():
        answer(draft, code, value)
    return draft


def test_a_focal_point_sets_targets_and_lands_on_the_roadmap(alice_client, answered):
    response = alice_client.post(reverse("targets", args=[answered.pk]), targets_data(SW_1=3, area_BL=1))
    assert response.status_code == 302 and response["Location"] == reverse("roadmap", args=[answered.pk])
    plan = TargetPlan.objects.get()
    assert (plan.levels, plan.area_levels, plan.target_year, plan.is_public) == ({"SW-1": 3}, {"BL": 1}, 2028, False)


def test_targets_are_kept_with_their_history(alice_client, answered, alice):
    alice_client.post(reverse("targets", args=[answered.pk]), targets_data(SW_1=3))
    alice_client.post(reverse("targets", args=[answered.pk]), targets_data(SW_1=4))
    history = TargetPlan.history.order_by("history_date")
    assert [h.levels for h in history] == [{"SW-1": 3}, {"SW-1": 4}]
    assert history.last().history_user == alice


def test_a_target_year_out_of_range_is_refused_and_nothing_saved(alice_client, answered):
    response = alice_client.post(reverse("targets", args=[answered.pk]), {"target_year": "1999"})
    assert response.status_code == 400
    assert not TargetPlan.objects.exists()


def test_the_targets_form_shows_where_each_indicator_stands(alice_client, answered):
    page = alice_client.get(reverse("targets", args=[answered.pk])).content.decode()
    assert 'data-testid="now-SW-2">2<' in page
    assert 'data-testid="now-SW-3">not applicable<' in page
    assert 'data-testid="now-BL-2">don&#x27;t know<' in page or "don't know" in page


def test_a_target_below_a_prerequisites_level_says_so(alice_client, answered):
    load_prerequisites(
        {
            "framework": "T.1",
            "prerequisites": [
                {"indicator": "SW-1", "level": 2, "needs_indicator": "BL-1", "needs_level": 2,
                 "why": "The report says so.", "why_zh": "報告如此。", "source": "Report line 1"}
            ],
        }
    )  # fmt: skip
    alice_client.post(reverse("targets", args=[answered.pk]), targets_data(SW_1=2, BL_1=1))
    page = alice_client.get(reverse("roadmap", args=[answered.pk])).content.decode()
    assert 'data-testid="unmet-prerequisites"' in page
    assert "SW-1 level 2 needs BL-1 at level 2." in page
    assert 'data-testid="step-BL-1:2"' in page  # added beyond BL-1's target


def test_without_targets_the_roadmap_says_it_is_a_default(alice_client, answered):
    page = alice_client.get(reverse("roadmap", args=[answered.pk])).content.decode()
    assert 'data-testid="default-plan"' in page
    assert 'data-testid="step-SW-2:3"' in page and 'data-testid="step-SW-3:1"' not in page


def steps_of(document) -> dict:
    return {f"{s['indicator']}:{s['to_level']}": s for phase in document["phases"] for s in phase["steps"]}


def roadmap_json(client, assessment):
    response = client.get(reverse("api_roadmap", args=[assessment.pk]))
    assert response.status_code == 200
    return response.json()


def test_the_roadmap_json_has_the_shape_of_the_issue(alice_client, answered, practices, validated_other):
    alice_client.post(reverse("targets", args=[answered.pk]), targets_data(SW_1=3, BL_1=1))
    document = roadmap_json(alice_client, answered)
    assert set(document) == {"assessment", "target_year", "percent_to_target", "phases", "is_default"}
    assert document["assessment"] == answered.pk and document["target_year"] == 2028
    # SW: 3×1 / 3×3 = 33.3; BL: 1×0 / 1×1 = 0; overall (60×33.3 + 40×0) / 100 = 20.0
    assert document["percent_to_target"] == {"overall": 20.0, "areas": {"SW": 33.3, "BL": 0.0}}
    step = document["phases"][0]["steps"][0]
    assert set(step) == {
        "indicator", "from_level", "to_level", "needs", "score_gain", "practices", "peers", "reached"
    }  # fmt: skip
    assert [[s["indicator"] + ":" + str(s["to_level"]) for s in p["steps"]] for p in document["phases"]] == [
        ["SW-1:2", "BL-1:1"],
        ["SW-1:3"],
    ]


def test_each_step_cites_the_practices_at_its_level_and_the_peers_already_there(
    alice_client, answered, practices, validated_other
):
    alice_client.post(reverse("targets", args=[answered.pk]), targets_data(SW_1=3))
    steps = steps_of(roadmap_json(alice_client, answered))
    # validated_other (Singapore) answers every indicator at 3; practices are SW at 2, 3, 4
    assert steps["SW-1:2"]["peers"] == ["SGP"]
    assert [p["title"] for p in steps["SW-1:3"]["practices"]] == ["Practice at level 3"]
    assert steps["SW-1:3"]["practices"][0]["line"] == 144


def test_the_next_cycles_assessment_marks_the_steps_reached(alice_client, answered, chinese_taipei, alice):
    later = Assessment.objects.create(economy=chinese_taipei, cycle=2026, framework=answered.framework)
    answer(later, "SW-1", 2)
    alice_client.post(reverse("targets", args=[answered.pk]), targets_data(SW_1=3))
    steps = steps_of(roadmap_json(alice_client, answered))
    assert {key: step["reached"] for key, step in steps.items()} == {"SW-1:2": True, "SW-1:3": False}
    page = alice_client.get(reverse("roadmap", args=[answered.pk])).content.decode()
    assert "the 2026 assessment reached 1 of 2 steps" in page


def test_without_a_later_assessment_no_step_is_marked(alice_client, answered):
    phases = roadmap_json(alice_client, answered)["phases"]
    assert {s["reached"] for p in phases for s in p["steps"]} == {None}


def test_the_roadmap_prints_in_either_language(alice_client, answered):
    english = alice_client.get(reverse("roadmap_print", args=[answered.pk])).content.decode()
    chinese = alice_client.get(reverse("roadmap_print", args=[answered.pk]) + "?lang=zh-hant").content.decode()
    assert "Phase 1" in english and "第 1 階段" in chinese


def test_the_roadmap_pdf_downloads_named_in_its_language(alice_client, answered):
    response = alice_client.get(reverse("roadmap_pdf", args=[answered.pk]) + "?lang=zh-hant")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert "CT-2025-roadmap-zh-hant.pdf" in response["Content-Disposition"]


def test_the_workbook_has_a_row_per_step_and_empty_owner_due_date_and_status(alice_client, answered):
    alice_client.post(reverse("targets", args=[answered.pk]), targets_data(SW_1=3))
    response = alice_client.get(reverse("roadmap_xlsx", args=[answered.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-3:] == ("owner", "due date", "status")
    assert [(r[1], r[3]) for r in rows[1:]] == [("SW-1", 2), ("SW-1", 3)]
    assert all(r[-3:] == (None, None, None) for r in rows[1:])


def test_the_workbook_keeps_a_formula_as_text(alice_client, answered):
    from assessment.models import Indicator

    Indicator.objects.filter(code="SW-1").update(levels=["=1+1"] * 5, levels_en=["=1+1"] * 5)
    alice_client.post(reverse("targets", args=[answered.pk]), targets_data(SW_1=2))
    response = alice_client.get(reverse("roadmap_xlsx", args=[answered.pk]))
    cell = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]["E2"]
    assert cell.value == "=1+1" and cell.data_type == "s"


def test_private_targets_hide_the_roadmap_from_the_public(alice_client, chinese_taipei, framework, alice):
    from django.test import Client

    public = Client()
    validated = Assessment.objects.create(
        economy=chinese_taipei, cycle=2024, framework=framework, status=Assessment.Status.VALIDATED
    )
    alice_client.post(reverse("targets", args=[validated.pk]), targets_data(SW_1=3))
    assert public.get(reverse("api_roadmap", args=[validated.pk])).status_code == 404
    data = targets_data(SW_1=3) | {"is_public": "on"}
    alice_client.post(reverse("targets", args=[validated.pk]), data)
    assert public.get(reverse("api_roadmap", args=[validated.pk])).status_code == 200


def test_the_profile_shows_current_and_target_together(alice_client, answered):
    alice_client.post(reverse("targets", args=[answered.pk]), targets_data(SW_1=3, BL_1=2))
    page = alice_client.get(reverse("profile", args=[answered.pk])).content.decode()
    section = page[page.index('data-testid="profile-targets"') :]
    radar = section[section.index('data-testid="target-radar"') : section.index("</figure>")]
    assert "Current" in radar and "Target" in radar  # the legend of the two polygons
    # SW: now (3×1 + 1×2) / 4 / 4 = 31.3, at the target (3×3 + 1×2) / 16 = 68.8; gap 37.5
    gaps = section[section.index('data-area="SW"') :]
    assert ">31.3<" in gaps[:400] and ">68.8<" in gaps[:400] and ">37.5<" in gaps[:400]


def test_the_profile_leaves_private_targets_out_for_the_public(client, chinese_taipei, framework, alice):
    from assessment.models import TargetPlan

    validated = Assessment.objects.create(
        economy=chinese_taipei, cycle=2024, framework=framework, status=Assessment.Status.VALIDATED
    )
    TargetPlan.objects.create(economy=chinese_taipei, framework=framework, levels={"SW-1": 4}, target_year=2030)
    assert 'data-testid="profile-targets"' not in client.get(reverse("profile", args=[validated.pk])).content.decode()


def test_the_economy_page_shows_progress_to_target_across_cycles(alice_client, chinese_taipei, framework):
    from .conftest import answer_all

    for cycle, level in ((2024, 1), (2025, 2)):
        assessment = Assessment.objects.create(
            economy=chinese_taipei, cycle=cycle, framework=framework, status=Assessment.Status.VALIDATED
        )
        answer_all(assessment, level)
    alice_client.post(reverse("targets", args=[assessment.pk]), targets_data(area_SW=4, area_BL=4))
    page = alice_client.get(reverse("economy", args=["CT"])).content.decode()
    table = page[page.index('data-testid="target-progress"') :]
    # every indicator at 1 of 4, then at 2 of 4
    assert '<tr data-cycle="2024"><td>2024</td><td>2028</td><td class="text-end">25.0%' in table
    assert '<tr data-cycle="2025"><td>2025</td><td>2028</td><td class="text-end">50.0%' in table


@pytest.mark.parametrize("extra_indicators", [0, 20])
def test_the_roadmap_runs_the_same_number_of_queries_whatever_the_steps(
    alice_client, answered, practices, validated_other, django_assert_num_queries, extra_indicators
):
    from assessment.models import Indicator

    area = answered.framework.areas.get(code="SW")
    for n in range(extra_indicators):
        indicator = Indicator.objects.create(
            area=area, code=f"SW-X{n}", question="?", weight=1, levels=["d"] * 5, order=10 + n
        )
        answer(answered, indicator.code, 1)
    alice_client.get(reverse("roadmap", args=[answered.pk]))  # the content is read once per generation
    # the assessment, the user, the user's economies, the targets, the answers, later assessments, best
    # practices and their economies, the peers' assessments and their answers
    with django_assert_num_queries(10):
        alice_client.get(reverse("roadmap", args=[answered.pk]))
