"""What a backup is checked against: per model, its row count and a sample of its rows' hashes; the files its rows
point to; a sample of certificates as public verification sees them. Read through a database alias, so the same
function describes the live database before the backup and the restored copy after."""

import hashlib
import json

from django.apps import apps
from django.db.models import FileField

from certificates.selectors import certificate_by_code

SAMPLE = 20


def _models():
    for model in apps.get_models():
        if model._meta.managed and not model._meta.proxy:
            yield model


def _row_hash(row: dict) -> str:
    return hashlib.sha256(json.dumps(row, sort_keys=True, default=str).encode()).hexdigest()


def tables(using: str = "default") -> dict[str, dict]:
    """{model label: {"count", "sample": {pk: hash of the row's values}}}: the first SAMPLE rows by primary key."""
    described = {}
    for model in _models():
        rows = model._base_manager.using(using)
        sample = rows.order_by("pk").values()[:SAMPLE]
        described[model._meta.label] = {
            "count": rows.count(),
            "sample": {str(row[model._meta.pk.attname]): _row_hash(row) for row in sample},
        }
    return described


def files(using: str = "default") -> list[tuple[str, object, str]]:
    """(model label and field, storage, name) of every file a row points to."""
    found = []
    for model in _models():
        for field in model._meta.concrete_fields:
            if isinstance(field, FileField):
                names = model._base_manager.using(using).exclude(**{field.attname: ""}).values_list(field.attname)
                found += [(f"{model._meta.label}.{field.name}", field.storage, name) for (name,) in names if name]
    return found


def certificates(codes: list[str], using: str = "default") -> dict[str, dict]:
    """{code: what verification shows}: found, valid, the name printed and the certificate's subject."""
    shown = {}
    for code in codes:
        certificate = certificate_by_code(code=code, using=using)
        shown[code] = (
            {"found": False}
            if certificate is None
            else {
                "found": True,
                "valid": certificate.is_valid,
                "name": certificate.display_name,
                "serial": certificate.serial,
            }
        )
    return shown
