"""Text reads the same whichever way it came: every way in stores line breaks as LF (the 2026-12
spreadsheet trial's F1), and a data migration rewrites the CR+LF stored before."""

import importlib
import io
import zipfile

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment import answer_rules
from assessment.answers import files
from assessment.models import Answer, Assessment, IndicatorComment, Review

from .conftest import answer
from .page_forms import questionnaire_data
from .test_admin import change_form

# As a browser posts a text box: every line break CR+LF.
TYPED = "Line one\r\nLine two"
TYPED_CHINESE = "單一窗口已上線\r\n第二行"


def stored(assessment, code):
    found = Answer.objects.get(assessment=assessment, indicator__code=code)
    return found.evidence, found.comment


def save_in_questionnaire(client, assessment, changes):
    url = reverse("questionnaire", kwargs={"pk": assessment.pk, "area_code": "SW"})
    page = client.get(url).content.decode()
    return client.post(url, questionnaire_data(page, changes))


def workbook_bytes(client, assessment) -> bytes:
    response = client.get(reverse("workbook_download", kwargs={"pk": assessment.pk}))
    assert response.status_code == 200
    return response.content


def upload(client, assessment, content: bytes):
    return client.post(
        reverse("workbook_upload", kwargs={"pk": assessment.pk}),
        {"workbook": SimpleUploadedFile("answers.xlsx", content)},
    )


@pytest.mark.parametrize(
    ("text", "unified"),
    [("a\r\nb", "a\nb"), ("a\rb", "a\nb"), ("a\r\r\nb", "a\n\nb"), ("a\n\rb", "a\n\nb"), ("a\nb", "a\nb"), ("", "")],
)
def test_every_line_break_becomes_lf(text, unified):
    assert answer_rules.unify_line_breaks(text) == unified


def test_an_answer_input_holds_its_texts_with_lf():
    given = answer_rules.AnswerInput("3", "a\r\nb", "https://example.org/", "c\rd")
    assert (given.evidence, given.comment) == ("a\nb", "c\nd")


def test_a_line_break_typed_in_the_questionnaire_is_stored_as_lf(alice_client, draft):
    response = save_in_questionnaire(
        alice_client, draft, {"SW-1__value": "3", "SW-1__evidence": TYPED, "SW-1__comment": TYPED_CHINESE}
    )
    assert response.status_code == 302
    assert stored(draft, "SW-1") == ("Line one\nLine two", "單一窗口已上線\n第二行")


def test_a_line_break_counts_once_against_the_length_limit(alice_client, draft):
    text = "a" * 2500 + "\r\n" + "a" * 2499  # 5,001 characters as posted, 5,000 as the text box counts
    response = save_in_questionnaire(alice_client, draft, {"SW-1__value": "3", "SW-1__evidence": text})
    assert response.status_code == 302
    assert len(stored(draft, "SW-1")[0]) == answer_rules.EVIDENCE_MAX_LENGTH


def test_the_untouched_download_of_multi_line_answers_holds_no_change(alice_client, draft):
    save_in_questionnaire(
        alice_client,
        draft,
        {"SW-1__value": "3", "SW-1__evidence": TYPED, "SW-2__value": "2", "SW-2__comment": TYPED_CHINESE},
    )
    draft.refresh_from_db()
    revision, records = draft.revision, Answer.history.count()
    page = upload(alice_client, draft, workbook_bytes(alice_client, draft)).content.decode()
    assert "The workbook holds no change: nothing to apply." in page
    alice_client.post(reverse("workbook_apply", kwargs={"pk": draft.pk}))
    draft.refresh_from_db()
    assert (draft.revision, Answer.history.count()) == (revision, records)


def test_an_answer_stored_with_crlf_before_the_fix_uploads_as_no_change(alice_client, draft):
    answer(draft, "SW-1", 3, evidence=TYPED, comment=TYPED_CHINESE)
    page = upload(alice_client, draft, workbook_bytes(alice_client, draft)).content.decode()
    assert 'data-testid="no-changes"' in page


def with_sheet_text_replaced(content: bytes, old: str, new: str) -> bytes:
    """The workbook with a text replaced in its sheets' XML, as another program may have written it."""
    source, result = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(result, "w") as target:
        for part in source.infolist():
            data = source.read(part)
            if part.filename.startswith("xl/"):
                data = data.replace(old.encode(), new.encode())
            target.writestr(part, data)
    return result.getvalue()


def test_a_line_break_in_a_workbook_cell_is_stored_as_lf(alice_client, draft):
    answer(draft, "SW-1", 2, evidence="PLACEHOLDER")
    # A CR written as a character reference reaches the reader as CR; a raw one the XML parser turns into LF.
    content = with_sheet_text_replaced(
        workbook_bytes(alice_client, draft), "PLACEHOLDER", "First&#13;Second&#13;&#10;Third"
    )
    assert "1 change to apply" in upload(alice_client, draft, content).content.decode()
    alice_client.post(reverse("workbook_apply", kwargs={"pk": draft.pk}))
    assert stored(draft, "SW-1") == ("First\nSecond\nThird", "")


def test_a_line_break_in_an_answer_file_is_stored_as_lf(framework, chinese_taipei):
    document = {
        "economy": "CT",
        "cycle": 2025,
        "framework": "T.1",
        "note": "Imported\r\nfrom the ministry",
        "answers": {"SW-1": {"level": 3, "evidence": TYPED, "comment": "c\rd"}},
    }
    assessment = files.import_answer_file(files.parse_answer_file(document))
    assert stored(assessment, "SW-1") == ("Line one\nLine two", "c\nd")
    assert Assessment.objects.get(pk=assessment.pk).note == "Imported\nfrom the ministry"


def test_a_line_break_typed_in_the_admin_is_stored_as_lf(admin_client_for, draft):
    existing = answer(draft, "SW-1", 2, evidence="Kept")
    data = change_form(draft, existing, evidence=TYPED, comment=TYPED_CHINESE) | {"note": "Checked\r\nby phone"}
    response = admin_client_for.post(reverse("admin:assessment_assessment_change", args=[draft.pk]), data)
    assert response.status_code == 302
    assert stored(draft, "SW-1") == ("Line one\nLine two", "單一窗口已上線\n第二行")
    assert Assessment.objects.get(pk=draft.pk).note == "Checked\nby phone"


def test_a_reviewers_comments_are_stored_with_lf(reviewer_client, submitted):
    data = {"decision": "return", "comment": "Overall:\r\nsee below", "SW-1__review": "Which act?\r\nWhich year?"}
    reviewer_client.post(reverse("decide", kwargs={"pk": submitted.pk}), data)
    assert Review.objects.get(assessment=submitted).comment == "Overall:\nsee below"
    assert IndicatorComment.objects.get(review__assessment=submitted).text == "Which act?\nWhich year?"


# The data migration, run on rows stored the old way.

migration = importlib.import_module("assessment.migrations.0014_answer_text_line_breaks")


@pytest.fixture
def stored_the_old_way(submitted, reviewer):
    """Texts of every kind stored with CR+LF and lone CR, as browsers and the admin sent them."""
    Answer.objects.filter(assessment=submitted, indicator__code="SW-1").update(
        evidence=TYPED, comment="Line one\rLine two"
    )
    found = Answer.objects.get(assessment=submitted, indicator__code="SW-1")
    found.evidence = TYPED_CHINESE  # a save records a history row holding CR+LF, as before the fix
    found.save()
    Assessment.objects.filter(pk=submitted.pk).update(note="Note\r\nline two")
    review = Review.objects.create(assessment=submitted, reviewer=reviewer, decision="returned", comment="R\r\nS")
    IndicatorComment.objects.create(review=review, indicator=found.indicator, text="T\r\nU")
    return submitted


def run_the_migration():
    migration.unify_line_breaks(apps, None)


def test_the_migration_turns_stored_crlf_into_lf(stored_the_old_way):
    run_the_migration()
    assert stored(stored_the_old_way, "SW-1") == ("單一窗口已上線\n第二行", "Line one\nLine two")
    assert Assessment.objects.get(pk=stored_the_old_way.pk).note == "Note\nline two"
    assert Review.objects.get().comment == "R\nS"
    assert IndicatorComment.objects.get().text == "T\nU"


def test_the_migration_rewrites_the_history_records_in_place(stored_the_old_way):
    counts = [model.history.count() for model in (Answer, Assessment, Review, IndicatorComment)]
    run_the_migration()
    assert [model.history.count() for model in (Answer, Assessment, Review, IndicatorComment)] == counts
    texts = [record.evidence for record in Answer.history.filter(indicator__code="SW-1")]
    texts += [record.comment for record in Review.history.all()] + [r.text for r in IndicatorComment.history.all()]
    assert texts and not any("\r" in text for text in texts)


def test_the_migration_leaves_when_an_answer_was_saved(stored_the_old_way):
    before = Answer.objects.get(assessment=stored_the_old_way, indicator__code="SW-1").updated_at
    run_the_migration()
    assert Answer.objects.get(assessment=stored_the_old_way, indicator__code="SW-1").updated_at == before


def test_after_the_migration_the_next_save_records_only_what_changed(stored_the_old_way, alice):
    from assessment.answers import history

    run_the_migration()
    found = Answer.objects.get(assessment=stored_the_old_way, indicator__code="SW-1")
    found.value = "4"
    found.save()
    latest = [(c.field, c.old, c.new) for c in history.changes(stored_the_old_way, "SW-1")][0]
    assert latest == ("answer", "3", "4")
    assert len([c for c in history.changes(stored_the_old_way, "SW-1") if c.field == "evidence"]) == 1
