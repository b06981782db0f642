"""STORAGES' "default" (media) and "private" on S3-compatible storage, for base.py's `# [storage]` section."""

# The key prefixes of the two storages in a shared bucket: private files never sit under the media prefix.
MEDIA_PREFIX = "media"
PRIVATE_PREFIX = "private"
# A file read from S3 (a download, a PDF's image) is buffered in memory up to this size, then in a temporary file
# (django-storages keeps it all in memory by default): a large print job's PDF never sits whole in a worker's memory.
MEMORY_BYTES = 4 * 1024 * 1024


def s3_storages(
    bucket: str,
    private_bucket: str = "",
    endpoint_url: str = "",
    region: str = "",
    *,
    connect_timeout: float = 2,
    read_timeout: float = 5,
    max_attempts: int = 2,
) -> dict:
    """Media under its prefix; private files under theirs (or in their own bucket) through
    operations.storage.PrivateS3Storage, which gives them no URL and no ACL. A storage that does not answer costs a
    call `max_attempts` tries in all of these timeouts (botocore's defaults: 60 s each, 5 tries; a download's own
    retries, s3transfer's 5, are off), then the 503 page: well within gunicorn's 30 s."""
    from boto3.s3.transfer import TransferConfig  # only with S3: boto3 comes with django-storages[s3]
    from botocore.config import Config

    common = {
        "client_config": Config(
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            # total_max_attempts counts the first try; botocore's max_attempts would count the retries only.
            retries={"mode": "standard", "total_max_attempts": max_attempts},
        ),
        "transfer_config": TransferConfig(num_download_attempts=1),
        "endpoint_url": endpoint_url or None,
        "region_name": region or None,
        "default_acl": None,  # no ACL header: objects are as private as the bucket (never public-read)
        "file_overwrite": False,  # as on the local disk: a name in use gets a suffix, nothing is replaced
        "max_memory_size": MEMORY_BYTES,
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**common, "bucket_name": bucket, "location": MEDIA_PREFIX},
        },
        "private": {
            "BACKEND": "operations.storage.PrivateS3Storage",
            "OPTIONS": {**common, "bucket_name": private_bucket or bucket, "location": PRIVATE_PREFIX},
        },
    }
