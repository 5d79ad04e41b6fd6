"""Downloads and printouts in the language a reader asks for."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.utils import translation


def in_requested_language(view):
    """?lang=zh-hant (or en) writes the page or file in that language, whatever the reader's interface
    language: a focal point can print a Chinese summary for management from an English session."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        language = request.GET.get("lang")
        if language not in dict(settings.LANGUAGES):
            return view(request, *args, **kwargs)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            return view(request, *args, **kwargs)

    return wrapped


def language_suffix() -> str:
    """A file in another language than the default is named so ("-zh-hant")."""
    language = translation.get_language()
    return "" if language == settings.LANGUAGE_CODE else f"-{language}"
