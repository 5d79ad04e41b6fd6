"""The questionnaire's indicator blocks, written in Python (assessment/answers/questionnaire_blocks.py)."""

from django.utils import translation

from assessment.answers.selectors import stored_answers
from assessment.framework.selectors import framework_content
from assessment.reports import questionnaire_blocks

from .conftest import answer


def sw_blocks(assessment, **options):
    content = framework_content(assessment.framework)
    indicators = content.area("SW").indicators.all()
    return questionnaire_blocks.blocks_from_answers(indicators, stored_answers(assessment), **options)


def test_what_a_user_typed_is_escaped(draft):
    answer(draft, "SW-1", 2, evidence='<script>alert("x")</script>', evidence_link="https://example.org/?a=1&b=2")
    html = questionnaire_blocks.render_blocks(sw_blocks(draft))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert 'value="https://example.org/?a=1&amp;b=2"' in html


def test_the_stored_level_is_checked(draft):
    answer(draft, "SW-2", 3)
    html = questionnaire_blocks.render_blocks(sw_blocks(draft))
    assert 'value="3" id="id_SW-2__value_3" checked' in html
    assert 'id="id_SW-1__value_3" checked' not in html


def test_a_carried_answer_asks_to_be_confirmed(draft):
    answer(draft, "SW-1", 2, carried_from=2023)
    html = questionnaire_blocks.render_blocks(sw_blocks(draft))
    assert 'name="SW-1__confirm"' in html
    assert 'data-testid="carried-SW-1"' in html
    assert 'name="SW-2__confirm"' not in html


def test_a_read_only_page_disables_every_input(draft):
    html = questionnaire_blocks.render_blocks(sw_blocks(draft, disabled=True))
    assert html.count("<input") + html.count("<textarea") == html.count(" disabled") + 3  # the hidden inputs


def test_the_texts_follow_the_language_after_an_english_page(draft):
    indicator = framework_content(draft.framework).area("SW").indicators.all()[0]
    indicator.question_zh_hant = "是否設有單一窗口？"
    english = questionnaire_blocks.render_blocks(sw_blocks(draft))
    with translation.override("zh-hant"):
        chinese = questionnaire_blocks.render_blocks(sw_blocks(draft))
    assert "是否設有單一窗口？" in chinese
    assert "是否設有單一窗口？" not in english
    assert "第 0 級" in chinese


def test_a_conflict_names_who_saved_and_when(draft, alice):
    stored = answer(draft, "SW-1", 4, evidence="Their law", updated_by=alice)
    block = sw_blocks(draft)[0]
    block.conflict = stored
    html = questionnaire_blocks.render_blocks([block])
    assert f'<span class="user-text" translate="no">{alice.username}</span>' in html
    assert f'<time datetime="{stored.updated_at.isoformat()}">' in html
    assert "Their law" in html


MLETR_ARTICLE_10 = {
    "source": "UNCITRAL MLETR",
    "source_zh": "UNCITRAL《電子可轉讓紀錄示範法》",
    "ref": "Art. 10 Transferable documents or instruments",
    "ref_zh": "第 10 條 可轉讓單證或票據",
}


def with_reference(draft, *references):
    from assessment.models import Indicator

    Indicator.objects.filter(area__framework=draft.framework, code="SW-1").update(references=list(references))


def test_a_chinese_page_shows_a_references_chinese_title(draft):
    with_reference(draft, MLETR_ARTICLE_10)
    with translation.override("zh-hant"):
        html = questionnaire_blocks.render_blocks(sw_blocks(draft))
    assert "UNCITRAL《電子可轉讓紀錄示範法》 · 第 10 條 可轉讓單證或票據" in html
    assert "Transferable documents" not in html and 'lang="en"' not in html


def test_an_english_page_shows_a_references_english_title(draft):
    with_reference(draft, MLETR_ARTICLE_10)
    html = questionnaire_blocks.render_blocks(sw_blocks(draft))
    assert "UNCITRAL MLETR · Art. 10 Transferable documents or instruments" in html
    assert "可轉讓單證" not in html


def test_a_reference_without_chinese_stays_english_and_marked_so(draft):
    with_reference(draft, {"source": "WTO TFA", "ref": "Art. 10.4 Single Window"})
    with translation.override("zh-hant"):
        html = questionnaire_blocks.render_blocks(sw_blocks(draft))
    assert 'lang="en" translate="no">WTO TFA · Art. 10.4 Single Window</span>' in html
