"""gunicorn's logger with the survey tokens left out of the access log (config.log_redaction); gunicorn.conf.py
names it, so `gunicorn config.wsgi --access-logfile -` logs survey requests without their token."""

from gunicorn.glogging import Logger

from .log_redaction import RedactSurveyTokens, redact


class RedactingLogger(Logger):
    """The access log's atoms redacted; the error log's lines too ("Error handling request /km/surveys/...", an
    invalid request line quoted)."""

    def setup(self, cfg):
        super().setup(cfg)
        if not any(isinstance(existing, RedactSurveyTokens) for existing in self.error_log.filters):
            self.error_log.addFilter(RedactSurveyTokens())

    def atoms(self, resp, req, environ, request_time):
        return {
            key: redact(value) if isinstance(value, str) else value
            for key, value in super().atoms(resp, req, environ, request_time).items()
        }
