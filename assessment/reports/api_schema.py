"""The JSON API's contract: an OpenAPI 3.1 document written by hand beside this module (openapi.json).

Change it with the views it describes (profile.json, history.json, compare.json):
tests/test_openapi.py validates it and runs Schemathesis against a live server, so a view that
answers outside it fails the suite.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DOCUMENT = Path(__file__).with_name("openapi.json")


@cache
def openapi_document() -> dict:
    """The document as a dict, read once per process."""
    return json.loads(DOCUMENT.read_text(encoding="utf-8"))
