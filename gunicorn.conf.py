"""gunicorn's settings, read from the directory it starts in (docs/deploy.md); the command line adds
workers and the address.

Its access log (one line per request) and its own messages go to stderr as JSON lines, like the
app's (config/settings.py LOGGING), so that journald holds one stream and `jq` reads all of it.
"""

accesslog = "-"

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.log_format.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "json"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        # Not passed on to the root: the app's LOGGING gives the root a handler of its own in each worker.
        "gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}
