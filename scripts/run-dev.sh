#!/usr/bin/env bash
# The development server and one task worker beside it (make run). Stopping the server (Ctrl-C)
# stops the worker too: the worker runs in a process group of its own, ended by the trap.
set -euo pipefail
PY=${PY:-.venv/bin/python}
PORT=${PORT:-8000}

set -m  # background jobs get their own process group, so the trap ends the worker and its reloader
"$PY" manage.py db_worker &
worker=$!
trap 'kill -TERM -- -"$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT INT TERM
set +m
"$PY" manage.py runserver "127.0.0.1:$PORT"
