"""A backup of the site: PostgreSQL's dump (`pg_dump --format=custom`) and every file a row points to (media and
private files, read through their storage, so files on S3 are backed up the same way), with a manifest that a
restore is checked against (operations.restore): each model's row count and a sample of its rows, each file's size
and SHA-256, a sample of certificates as public verification shows them.

    DIR/database.dump     DIR/files/<n>     DIR/manifest.json

One moment: the dump, the manifest and the list of files are read in one REPEATABLE READ transaction whose snapshot
pg_dump shares (`pg_export_snapshot()`, `pg_dump --snapshot`), so a registration written during the backup is in
none of them, never in one and not the other.

Private: the backup holds personal data (of minors too), so DIR and DIR/files are 0700 and every file in them 0600,
whatever the umask; an existing DIR that others may read or enter is refused, not tightened (it was made by someone
for something, and `chmod 700 DIR` is theirs to decide).
"""

import hashlib
import json
import os
import shutil
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

from django.db import connections, transaction
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


def _private_directory(to: Path) -> None:
    """`to` new (made 0700) or empty and 0700 already; a folder others may read or enter is refused."""
    if to.exists():
        mode = stat.S_IMODE(to.stat().st_mode)
        if not to.is_dir():
            raise BackupError(f"{to} is not a directory.")
        if mode & 0o077:
            raise BackupError(
                f"{to} is open to other users (mode {mode:04o}); a backup holds personal data. "
                f"Use a new directory or run: chmod 700 {to}"
            )
        if any(to.iterdir()):
            raise BackupError(f"{to} is not empty.")
    else:
        to.parent.mkdir(parents=True, exist_ok=True)
        to.mkdir(mode=0o700)
    to.chmod(0o700)  # exactly, whatever the umask took away


def _private_file(path: Path):
    """`path` created for writing, readable by this user only (0600), never an existing file."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.fchmod(descriptor, 0o600)
    return os.fdopen(descriptor, "wb")


def _begin_snapshot() -> str:
    """Open the REPEATABLE READ transaction on the default connection (inside transaction.atomic) and export its
    snapshot for pg_dump; every read until the transaction ends sees the database as the dump does."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        return cursor.fetchone()[0]


def _copy_files(to: Path, found: list[tuple[str, object, str]]) -> list[dict]:
    """Each file of `found` (operations.snapshot.files) copied into to/files, with its size and SHA-256."""
    (to / "files").mkdir(mode=0o700)
    (to / "files").chmod(0o700)
    copied = []
    for number, (field, storage, file_name) in enumerate(found):
        target = to / "files" / str(number)
        try:
            source = storage.open(file_name, "rb")
        except FileNotFoundError:
            raise BackupError(f"{file_name} ({field}) was deleted during the backup; run it again.") from None
        with source, _private_file(target) as copy:
            shutil.copyfileobj(source, copy, 1 << 20)
        with target.open("rb") as written:
            size, digest = _sha256(written)
        copied.append({"field": field, "name": file_name, "copy": str(number), "size": size, "sha256": digest})
    return copied


def backup_site(to: Path, *, after_dump: Callable[[], None] | None = None) -> dict:
    """Write the backup into `to` (created 0700; if it exists, empty and 0700) and return its manifest.
    `after_dump()` is called once pg_dump has finished, before the manifest and the list of files are read in the
    same snapshot (the tests write rows there, to see that they are in neither)."""
    options, env = connection_env()
    if connections["default"].in_atomic_block:
        raise BackupError("backup_site runs in its own transaction, not inside another one.")
    _private_directory(to)
    name = connections["default"].settings_dict["NAME"]
    dump = [postgres_command("pg_dump"), *options, "--format=custom", "--no-owner"]
    with transaction.atomic(using="default"):
        snapshot_id = _begin_snapshot()
        _private_file(to / "database.dump").close()  # 0600 before pg_dump writes into it (--file, so seekable:
        # the dump's table of contents keeps its data offsets and `pg_restore --jobs` can restore in parallel)
        done = subprocess.run(  # noqa: S603
            [*dump, f"--snapshot={snapshot_id}", "--file", str(to / "database.dump"), name],
            env=env,
            capture_output=True,
        )
        if done.returncode:
            raise BackupError(f"pg_dump failed: {done.stderr.decode(errors='replace').strip()[-2000:]}")
        if after_dump:
            after_dump()
        found = snapshot.files()
        codes = list(Certificate.objects.order_by("pk").values_list("code", flat=True)[:CERTIFICATE_SAMPLE])
        manifest = {
            "made_at": timezone.now().isoformat(),
            "database": name,
            "tables": snapshot.tables(),
            "files": [],
            "certificates": snapshot.certificates(codes),
        }
    # The transaction ends before the copying (a long one holds back VACUUM): storage is not transactional, so
    # holding it open would not keep a file there either. Files are written under new names (a certificate's PDF
    # version is in its name); one deleted meanwhile stops the backup, which is then run again.
    manifest["files"] = _copy_files(to, found)
    with _private_file(to / "manifest.json") as written:
        written.write(json.dumps(manifest, indent=1, ensure_ascii=False).encode())
    return manifest
