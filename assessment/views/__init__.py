"""Function views by screen family: they parse input, call one service or selector, render."""

from .profile import api_profile, methodology, profile
from .questionnaire import home, questionnaire, review, start_assessment

__all__ = ["api_profile", "home", "methodology", "profile", "questionnaire", "review", "start_assessment"]
