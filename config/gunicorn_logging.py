"""gunicorn's logger with the survey tokens left out of the access log (config.log_redaction); gunicorn.conf.py
names it, so `gunicorn config.wsgi --access-logfile -` logs survey requests without their token, and a
safeguarding reporter's requests without their address. With JSON logs (`LOG_FORMAT=json`, the default of the
production settings) its error and access lines are JSON objects too (operations.logs.JSONFormatter)."""

import os

from gunicorn.glogging import Logger

from operations.logs import JSONFormatter

from .log_redaction import RedactSurveyTokens, hides_client, redact


def json_logs(environ=os.environ) -> bool:
    """LOG_FORMAT as the site's settings read it: gunicorn's master has not loaded them, so production.py's default
    is repeated here for the production settings module."""
    production = environ.get("DJANGO_SETTINGS_MODULE", "").endswith(".production")
    return environ.get("LOG_FORMAT", "json" if production else "text") == "json"


# What the access log may still say of a safeguarding reporter's request (log_redaction.hides_client): the request
# line (its token redacted), status, size, times and the worker; every other atom (the address `h`, the user `u`,
# the user agent `a`, the Referer `f`, each request header such as X-Forwarded-For, response header and environ
# variable) is written "-". The same holds for the requests a reporter's page makes (its Referer names the page).
REPORTER_ATOMS = frozenset("ltrsmUqHbBTDMLp")


class RedactingLogger(Logger):
    """The access log's atoms redacted; the error log's lines too ("Error handling request /km/surveys/...", an
    invalid request line quoted)."""

    def setup(self, cfg):
        super().setup(cfg)
        if not any(isinstance(existing, RedactSurveyTokens) for existing in self.error_log.filters):
            self.error_log.addFilter(RedactSurveyTokens())
        if json_logs():
            for handler in (*self.error_log.handlers, *self.access_log.handlers):
                handler.setFormatter(JSONFormatter())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = environ.get("RAW_URI") or environ.get("PATH_INFO", "")
        # A reporter's page's own requests (its stylesheet, its script) name it in their same-origin Referer.
        if hides_client(path) or hides_client(environ.get("HTTP_REFERER", "")):
            atoms = {key: value if key in REPORTER_ATOMS else "-" for key, value in atoms.items()}
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}
