"""Answers: what an answer may hold, whichever way it arrives."""
