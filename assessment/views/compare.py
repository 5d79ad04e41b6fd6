"""Comparing: economies in a cycle, its printout and exports, and an economy across cycles."""

from __future__ import annotations

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..compare import comparison
from ..downloads import attachment, pdf_response
from ..forms import CompareForm, bound_compare_form
from ..models import Economy
from ..reports import spreadsheets
from ..reports.comparison import (
    ComparisonResult,
    compare_body,
    compare_document,
    compare_options,
    compared,
    comparison_pdf_key,
    export_about,
    print_context,
    trend_context,
)
from .language import in_requested_language, language_suffix


def compare_form(request, published_version: tuple | None = None) -> tuple[CompareForm, list[comparison.WeightChoice]]:
    """The compare form bound to the query string (the latest cycle by default), and the weight profiles."""
    options = compare_options(published_version or comparison.published_version())
    return bound_compare_form(request.GET, options), options.choices


def comparison_from_query(request) -> ComparisonResult:
    """Read the query string, then score and rank the chosen economies."""
    form, choices = compare_form(request)
    if not form.is_bound or not form.is_valid():
        return ComparisonResult(form)
    return compared(form, choices)


def compare(request):
    """The comparison; a valid one's body is cached by its normalised choices and by the state of the
    published assessments, so made-up parameters can neither add cache entries nor reach the page."""
    version = comparison.published_version()
    form, choices = compare_form(request, version)
    body, status = compare_body(form, choices, version)
    return render(request, "compare/compare.html", {"body": mark_safe(body)}, status=status)


@require_safe
def compare_json(request):
    result = comparison_from_query(request)
    if not result.form.is_bound:  # nothing is published in any cycle
        return JsonResponse({"cycle": None, "economies": [], "message": "No assessment is published yet."})
    if result.frame is None:
        errors = result.form.errors.get_json_data() or {
            "cycle": [{"message": "No assessment is published yet.", "code": "empty"}]
        }
        return JsonResponse({"errors": errors}, status=400)
    return JsonResponse(compare_document(result), json_dumps_params={"ensure_ascii": False})


@in_requested_language
def compare_export(request, extension: str):
    """The comparison table, in the reader's language (or ?lang=), saying inside what it holds."""
    result = comparison_from_query(request)
    if result.frame is None:
        raise Http404
    name = f"comparison-{result.cycle}-{result.choice.slug}{language_suffix()}.{extension}"
    about = export_about(result, _("Customs digitalization maturity comparison, published assessments only"))
    content = spreadsheets.write(
        spreadsheets.comparison_export(result.frame), extension, title=_("Comparison"), about=about
    )
    return _download(content, name, extension)


@in_requested_language
def answers_export(request, extension: str):
    """Raw answers of the public assessments of a cycle: economy × indicator."""
    result = comparison_from_query(request)
    if result.frame is None:
        raise Http404
    frame = spreadsheets.answers_frame(comparison.public_assessments(result.cycle, list(result.frame["economy"])))
    about = export_about(result, _("Customs digitalization maturity answers, published assessments only"))
    levels = _("levels 0–4 as numbers; “not applicable” and “don't know” in the next column, the level left empty")
    about.insert(1, (_("Answer"), levels))
    content = spreadsheets.write(frame, extension, title=_("Answers"), about=about)
    return _download(content, f"answers-{result.cycle}{language_suffix()}.{extension}", extension)


def _download(content: bytes, filename: str, extension: str) -> HttpResponse:
    return attachment(content, spreadsheets.CONTENT_TYPES[extension], filename)


@in_requested_language
def comparison_summary(request):
    result = comparison_from_query(request)
    if result.frame is None:
        raise Http404
    return HttpResponse(render_to_string("print/comparison.html", print_context(result, for_pdf=False), request))


@in_requested_language
def comparison_pdf(request):
    """The printed comparison as a PDF, from the cache by its normalised choices (as the page's body)."""
    version = comparison.published_version()
    form, choices = compare_form(request, version)
    if not form.is_bound or not form.is_valid():
        raise Http404

    def html() -> str:
        result = compared(form, choices)
        if result.frame is None:
            raise Http404
        return render_to_string("print/comparison.html", print_context(result, for_pdf=True))

    filename = f"comparison-{form.cleaned_data['cycle']}.pdf"
    return pdf_response(request, comparison_pdf_key(form, choices, version), html, filename)


def economy_trend(request, code: str):
    """An economy's overall and area scores across cycles, with the change since the previous cycle."""
    economy = Economy.objects.filter(code=code).first()
    if economy is None:
        raise Http404
    return render(request, "compare/economy.html", trend_context(economy, request.user, request.GET.get("weights")))
