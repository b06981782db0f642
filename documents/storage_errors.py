"""Which errors of the file storage say it is unreachable or failing for now, not that a file is missing or
refused: the pages answer operations' "files unavailable" 503 page, print jobs try again later (documents.jobs)."""

try:  # only the S3 storage (config/settings/s3.py) talks to botocore; the local disk needs none of it
    from botocore import exceptions as botocore_errors
except ImportError:  # pragma: no cover (botocore is installed with django-storages[s3])
    botocore_errors = None

# What the S3 storage raises when it cannot be reached or stops answering: no connection (EndpointConnectionError,
# ConnectTimeoutError, a proxy's), or one cut or too slow (ReadTimeoutError, ConnectionClosedError). Empty without
# botocore. An answer of S3 arrives as a ClientError, which `storage_down` sorts.
STORAGE_DOWN = (botocore_errors.ConnectionError, botocore_errors.HTTPClientError) if botocore_errors else ()
# The ClientError codes of a storage that is failing or throttling for now (a HEAD request's error has no body: its
# code is the HTTP status, caught by the status). NoSuchKey, AccessDenied... stay what they are: a missing file is a
# 404 where the views say so (django-storages turns a 404 on opening into FileNotFoundError), a refusal a 500.
STORAGE_BUSY_CODES = frozenset(
    {"SlowDown", "ServiceUnavailable", "InternalError", "RequestTimeout", "Throttling", "ThrottlingException"}
)


def storage_down(error: BaseException | None, *, _depth: int = 0) -> bool:
    """Whether `error` says the file storage is unreachable or failing for now (the 503 page), not that a file is
    missing or refused (404, 500). An error that wraps one (s3transfer's RetriesExceededError of a download keeps it
    as `last_exception`; others as their cause) is looked through."""
    if error is None or _depth > 5:
        return False
    inner = getattr(error, "last_exception", None) or error.__cause__
    if inner is not None and inner is not error and storage_down(inner, _depth=_depth + 1):
        return True
    if isinstance(error, STORAGE_DOWN):
        return True
    if botocore_errors is None or not isinstance(error, botocore_errors.ClientError):
        return False
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
    return error.response.get("Error", {}).get("Code") in STORAGE_BUSY_CODES or status >= 500 or status == 429
