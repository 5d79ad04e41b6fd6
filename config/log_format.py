"""One JSON object per log record, one line each, so that journald keeps a record whole and `jq` reads it.

Used by Django's LOGGING (config/settings.py) and by gunicorn's logconfig_dict (gunicorn.conf.py); it
imports nothing of Django, since gunicorn's master process loads it before any app.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

# The attributes every LogRecord has; anything else on a record came from `extra=` and is logged too.
STANDARD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}

# What gunicorn's access log passes as the record's arguments (its "atoms"), under readable names.
ACCESS_ATOMS = {
    "h": "client",
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "f": "referer",
    "a": "user_agent",
}


class JsonFormatter(logging.Formatter):
    """time, level, logger and message; the request's method and path, a status code, the extra fields;
    the traceback of an exception as one string (its line breaks escaped, so the record stays one line)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry |= _request_fields(getattr(record, "request", None))
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            entry |= _access_fields(record.args)
        for key, value in vars(record).items():
            if key not in STANDARD_ATTRIBUTES and key != "request" and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _access_fields(atoms: dict) -> dict:
    # gunicorn escapes quotes for its own quoted format; JSON quotes for itself.
    fields = {
        name: value.replace('\\"', '"') if isinstance(value, str) else value
        for atom, name in ACCESS_ATOMS.items()
        if (value := atoms.get(atom)) is not None
    }
    if str(fields.get("status", "")).isdigit():
        fields["status"] = int(fields["status"])
    return fields


def _request_fields(request) -> dict:
    # django.request passes the HttpRequest; runserver's django.server passes a socket, which says nothing.
    if not hasattr(request, "path") or not hasattr(request, "method"):
        return {}
    return {"method": request.method, "path": request.path}
