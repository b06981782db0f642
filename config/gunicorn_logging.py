"""gunicorn's logger with the survey tokens left out of the access log (config.log_redaction); gunicorn.conf.py
names it, so `gunicorn config.wsgi --access-logfile -` logs survey requests without their token."""

from gunicorn.glogging import Logger

from .log_redaction import redact


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        return {
            key: redact(value) if isinstance(value, str) else value
            for key, value in super().atoms(resp, req, environ, request_time).items()
        }
