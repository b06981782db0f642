"""The LOGGING setting, which base.py declares (kept here so that base.py stays readable).

No log line holds the token of a survey link (config.log_redaction): every handler passes its records through
the `survey_tokens` filter first (request logs, CSRF refusals, the development server's lines, error e-mails).
Django's own handlers are declared again here (its console while DEBUG, its error e-mail to ADMINS, the
development server's format) because configuring a logger replaces its handlers. The console writes JSON objects
(operations.logs.JSONFormatter) or the plain messages (operations.logs.TextFormatter), as LOG_FORMAT says; both
scrub addresses and tokens (config.log_redaction.scrub_text)."""

from django.core.exceptions import ImproperlyConfigured


def logging_config(*, log_format: str, level: str) -> dict:
    """`log_format` is LOG_FORMAT ("json" or "text"); `level` the root logger's."""
    if log_format not in {"json", "text"}:
        raise ImproperlyConfigured(f'LOG_FORMAT is "json" or "text", not {log_format!r}.')
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "survey_tokens": {"()": "config.log_redaction.RedactSurveyTokens"},
            "require_debug_true": {"()": "django.utils.log.RequireDebugTrue"},
            "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        },
        "formatters": {
            "django.server": {
                "()": "django.utils.log.ServerFormatter",
                "format": "[{server_time}] {message}",
                "style": "{",
            },
            "json": {"()": "operations.logs.JSONFormatter"},
            # The plain message (and its traceback), scrubbed like the JSON lines.
            "text": {"()": "operations.logs.TextFormatter", "format": "%(message)s"},
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": log_format, "filters": ["survey_tokens"]},
            "django_console": {
                "class": "logging.StreamHandler",
                "level": "INFO",
                "formatter": log_format,
                "filters": ["survey_tokens", "require_debug_true"],
            },
            "mail_admins": {
                "class": "django.utils.log.AdminEmailHandler",
                "level": "ERROR",
                "filters": ["survey_tokens", "require_debug_false"],
            },
            "django.server": {
                "class": "logging.StreamHandler",
                "formatter": "json" if log_format == "json" else "django.server",
                "filters": ["survey_tokens"],
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "weasyprint": {"level": "ERROR"},
            "fontTools": {"level": "ERROR"},
            "django": {"handlers": ["django_console", "mail_admins"], "level": "INFO"},
            "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
            # One line per request and per task (operations.request_log, operations.logs), whatever LOG_LEVEL says.
            "operations.requests": {"level": "INFO"},
            "operations.tasks": {"level": "INFO"},
        },
    }
