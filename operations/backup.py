"""A backup of the site: PostgreSQL's dump (`pg_dump --format=custom`) and every file a row points to (media and
private files, read through their storage, so files on S3 are backed up the same way), with a manifest that a
restore is checked against (operations.restore): each model's row count and a sample of its rows, each file's size
and SHA-256, a sample of certificates as public verification shows them.

    DIR/database.dump     DIR/files/<n>     DIR/manifest.json
"""

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

from django.db import connections
from django.utils import timezone

from certificates.models import Certificate

from . import snapshot

CERTIFICATE_SAMPLE = 50


class BackupError(Exception):
    pass


def postgres_command(name: str) -> str:
    """The server's own version of a PostgreSQL tool (/usr/lib/postgresql/<major>/bin), else the one on PATH."""
    major = connections["default"].pg_version // 10000 if connections["default"].vendor == "postgresql" else 0
    own = Path(f"/usr/lib/postgresql/{major}/bin/{name}")
    return str(own) if own.exists() else (shutil.which(name) or name)


def connection_env(alias: str = "default") -> tuple[list[str], dict]:
    """libpq options (host, port, user; never the password on a command line) and the environment with PGPASSWORD."""
    params = connections[alias].settings_dict
    if connections[alias].vendor != "postgresql":
        raise BackupError("backup_site backs up PostgreSQL (the production database); this site runs on SQLite.")
    options = ["--host", params["HOST"] or "127.0.0.1", "--port", str(params["PORT"] or 5432)]
    if params["USER"]:
        options += ["--username", params["USER"]]
    env = {**os.environ, "PGPASSWORD": params["PASSWORD"] or ""}
    return options, env


def _sha256(handle) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def backup_site(to: Path) -> dict:
    """Write the backup into `to` (created; must be empty) and return its manifest."""
    to.mkdir(parents=True, exist_ok=True)
    if any(to.iterdir()):
        raise BackupError(f"{to} is not empty.")
    options, env = connection_env()
    name = connections["default"].settings_dict["NAME"]
    dump = [postgres_command("pg_dump"), *options, "--format=custom", "--no-owner", "--file", str(to / "database.dump")]
    subprocess.run([*dump, name], env=env, check=True, capture_output=True)  # noqa: S603
    (to / "files").mkdir()
    manifest_files = []
    for number, (field, storage, file_name) in enumerate(snapshot.files()):
        target = to / "files" / str(number)
        with storage.open(file_name, "rb") as source, target.open("wb") as copy:
            shutil.copyfileobj(source, copy, 1 << 20)
        with target.open("rb") as written:
            size, digest = _sha256(written)
        manifest_files.append({"field": field, "name": file_name, "copy": str(number), "size": size, "sha256": digest})
    codes = list(Certificate.objects.order_by("pk").values_list("code", flat=True)[:CERTIFICATE_SAMPLE])
    manifest = {
        "made_at": timezone.now().isoformat(),
        "database": name,
        "tables": snapshot.tables(),
        "files": manifest_files,
        "certificates": snapshot.certificates(codes),
    }
    (to / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    return manifest
