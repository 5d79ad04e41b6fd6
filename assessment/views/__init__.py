"""Function views by screen family: they parse input, call one service or selector, render."""

from .api_docs import openapi
from .compare import answers_export, compare, compare_export, compare_json, economy_trend
from .health import healthz
from .print import comparison_pdf, comparison_summary, summary, summary_pdf
from .profile import api_profile, methodology, profile
from .questionnaire import home, questionnaire, review, start_assessment
from .workbook import workbook_apply, workbook_download, workbook_upload
from .workflow import api_history, assessment_history, comment_addressed, correct, decide, submit

__all__ = [
    "answers_export",
    "api_history",
    "assessment_history",
    "comment_addressed",
    "correct",
    "decide",
    "submit",
    "compare",
    "compare_export",
    "compare_json",
    "comparison_pdf",
    "comparison_summary",
    "economy_trend",
    "api_profile",
    "healthz",
    "home",
    "methodology",
    "openapi",
    "profile",
    "questionnaire",
    "review",
    "start_assessment",
    "summary",
    "summary_pdf",
    "workbook_apply",
    "workbook_download",
    "workbook_upload",
]
