"""Private files on S3-compatible storage (settings STORAGE_S3_*): the S3 backend of django-storages, with no URL.

Consent forms, signatures, safeguarding attachments, certificate PDFs and print-job results go out only through the
views that check permission, which stream them from the storage (`storage.open`). A signed URL would be a bearer
credential that outlives the permission check, lands in logs and browser histories and can be forwarded, so this
storage hands out none, as FileSystemStorage with `base_url=None` does on the local disk: `url()` raises.
"""

from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """S3Storage without URLs and without ACLs: objects stay as private as the bucket (no `public-read`)."""

    def __init__(self, **settings):
        # Never an ACL header: an object takes the bucket's own policy (private; ACLs disabled on new AWS buckets).
        super().__init__(**{**settings, "default_acl": None})

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("Private files have no URL: they are served by the views that check permission.")
