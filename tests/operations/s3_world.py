"""The S3 world of the storage tests (test_s3_storage, test_s3_unavailable): moto's S3 server on a free port, a
bucket of its own per test, and the model fields pointed at the storages the settings name."""

import socket
from pathlib import Path

import boto3
from django.apps import apps
from django.db import models

REGION = "us-east-1"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def files_under(*roots) -> set[Path]:
    return {path for root in roots if Path(root).exists() for path in Path(root).rglob("*") if path.is_file()}


class Bucket:
    def __init__(self, endpoint: str, name: str):
        self.name = name
        self.client = boto3.client("s3", endpoint_url=endpoint, region_name=REGION)
        self.client.create_bucket(Bucket=name)

    def listed(self, prefix: str = "") -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name, Prefix=prefix)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


def file_fields_follow_the_settings() -> list:
    """The model fields that took the private storage when their class was made get the one STORAGES names now;
    their own storages, to give back."""
    fields = [
        field
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField) and hasattr(field, "_storage_callable")
    ]
    kept = [(field, field.storage) for field in fields]
    for field in fields:
        field.storage = field._storage_callable()
    return kept
