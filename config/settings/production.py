"""Production: everything secure by default; secrets and hosts come from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

# Real mail in production unless told otherwise (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, ...).
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
# Logs as one JSON object per line, errors (when SENTRY_DSN is set) filed under "production", unless told otherwise.
os.environ.setdefault("LOG_FORMAT", "json")
os.environ.setdefault("SENTRY_ENVIRONMENT", "production")

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY or SECRET_KEY.startswith("insecure-"):
    raise ImproperlyConfigured("Set SECRET_KEY to a long random value in production.")

STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
