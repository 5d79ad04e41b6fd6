"""The reader's language, decided in one place: English, or Traditional Chinese."""

from django.utils.translation import get_language

CHINESE = "zh-hant"


def reads_chinese() -> bool:
    return get_language() == CHINESE


def in_reader_language(english: str, chinese: str | None) -> str:
    """The Chinese text on a Chinese page where there is one, else the English."""
    return chinese if chinese and reads_chinese() else english
