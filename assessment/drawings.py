"""Drawn when the data changes, not when it is read: the task worker makes what became public.

When an assessment is validated (its earlier version superseded) or a correction of it opened
(answers/workflow.py sends `publication_changed`), the worker draws, in both languages, its profile
and its economy's trend chart under every weight profile, its printed summary and its PDF, and its
cycle's default compare page and PDF under every weight profile (other cycles' pages did not change). When
the content or a weight profile changes, it does the same for every public assessment of the
default cycle. Each goes in the cache under the key the page reads (page_cache, charts, pdf), so
the first reader finds it ready; a reader who comes first draws it in the request as before, never
anything stale or different.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from .compare import comparison
from .forms import bound_compare_form
from .framework.selectors import current_framework
from .models import Assessment
from .reports import pdf, pdf_memory
from .reports.comparison import (
    compare_body,
    compare_options,
    compared,
    comparison_pdf_key,
    print_context,
    trend_context,
)
from .reports.profile import profile_body, summary_context, summary_page, summary_pdf_key, weighted_content

logger = logging.getLogger(__name__)


def after_publication(sender, assessment_id: int, **kwargs) -> None:
    """Receiver of answers.workflow.publication_changed, sent once the step is committed."""
    draw_assessment.enqueue(assessment_id=assessment_id)


def after_content_change(**_signal_arguments) -> None:
    """Receiver of a saved or deleted framework or weight profile, once it is committed. A few saves
    in one change queue a few tasks: the first draws, the others find everything in the cache."""
    transaction.on_commit(draw_default_cycle.enqueue)


@task()
def draw_assessment(*, assessment_id: int) -> None:
    assessment = Assessment.objects.filter(pk=assessment_id).select_related("economy", "framework").first()
    if assessment is None:
        return
    started = time.perf_counter()
    for language in _languages():
        with translation.override(language):
            _draw_profile(assessment)
            _draw_cycle(assessment.cycle)
    _log_drawn(f"drawn after a change of assessment {assessment_id}", started)


@task()
def draw_default_cycle() -> None:
    options = compare_options(comparison.published_version())
    if not options.cycles:
        return
    started = time.perf_counter()
    for language in _languages():
        with translation.override(language):
            for assessment in comparison.public_assessments(options.default_cycle):
                _draw_profile(assessment)
            _draw_cycle(options.default_cycle)
    _log_drawn("drawn after a change of content", started)


def _log_drawn(message: str, started: float) -> None:
    """One line per task with its time and the worker's size once the task's garbage is handed back:
    what `make bench` reads as a task worker's memory after every drawing (docs/deploy.md)."""
    pdf_memory.return_freed_memory()
    logger.info(message, extra={"seconds": round(time.perf_counter() - started, 2)} | pdf_memory.resident_mb())


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _draw_profile(assessment: Assessment) -> None:
    """The profile under every weight profile, the summary PDF under the default, the trend chart
    under every weight profile."""
    content, choices, _choice = weighted_content(assessment, None)
    for choice in choices:
        profile_body(assessment, content, choice)

    def summary_html() -> str:
        return render_to_string("print/summary.html", summary_context(assessment, None, for_pdf=True))

    summary_page(assessment, None)
    pdf.cached_pdf(summary_pdf_key(assessment, None), summary_html)
    # The trend page offers every weight profile of the current framework.
    for choice in comparison.weight_choices(current_framework()):
        trend_context(assessment.economy, AnonymousUser(), choice.slug)


def _draw_cycle(cycle: int) -> None:
    """The cycle's default compare page under every weight profile, and its PDF under the default."""
    version = comparison.published_version()
    options = compare_options(version)
    for choice in options.choices:
        query = QueryDict(mutable=True)
        query["cycle"] = str(cycle)
        if choice.slug != comparison.DEFAULT_PROFILE:
            query["weights"] = choice.slug
        form = bound_compare_form(query, options)
        compare_body(form, options.choices, version)
        if choice.slug != comparison.DEFAULT_PROFILE or not form.is_valid():
            continue
        result = compared(form, options.choices)
        if result.frame is not None:
            pdf.cached_pdf(
                comparison_pdf_key(form, options.choices, version), lambda result=result: _comparison_html(result)
            )


def _comparison_html(result) -> str:
    return render_to_string("print/comparison.html", print_context(result, for_pdf=True))
