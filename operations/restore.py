"""A backup restored into a fresh database and checked (`manage.py restore_check DIR`): the dump restored with
pg_restore into a new database, read through a second database alias, and compared with the backup's manifest —
every model's row count and the sample of its rows identical, the sampled certificates verifying as they did, every
file copied with its size and SHA-256, and every PDF among them opening. The database is dropped at the end unless
kept. A restore for real is the same pg_restore into the production database's server (README)."""

import hashlib
import io
import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connections
from django.db.utils import load_backend
from django.utils import timezone
from pypdf import PdfReader

from . import snapshot
from .backup import BackupError, connection_env, postgres_command

ALIAS = "restored"


@dataclass
class RestoreReport:
    database: str
    checked: dict = field(default_factory=dict)  # what was compared: how many of each
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[-2000:]}")


def _open_alias(name: str) -> None:
    """A connection to the restored database under ALIAS, made here rather than declared in settings (this
    process's other work never sees it)."""
    params = {**connections["default"].settings_dict, "NAME": name}
    setattr(connections._connections, ALIAS, load_backend(params["ENGINE"]).DatabaseWrapper(params, ALIAS))


def _close_alias() -> None:
    wrapper = getattr(connections._connections, ALIAS, None)
    if wrapper is not None:
        wrapper.close()
        delattr(connections._connections, ALIAS)


def compare_tables(expected: dict, found: dict, report: RestoreReport) -> None:
    for label, table in expected.items():
        restored = found.get(label)
        if restored is None:
            report.problems.append(f"{label}: missing from the restored database")
            continue
        if restored["count"] != table["count"]:
            report.problems.append(f"{label}: {restored['count']} rows restored, {table['count']} backed up")
        for pk, digest in table["sample"].items():
            if restored["sample"].get(pk) != digest:
                report.problems.append(f"{label} #{pk}: the restored row differs from the backed-up one")
    report.checked["tables"] = len(expected)
    report.checked["rows"] = sum(table["count"] for table in expected.values())


def check_files(directory: Path, files: list[dict], report: RestoreReport) -> None:
    pdfs = 0
    for entry in files:
        copy = directory / "files" / entry["copy"]
        if not copy.exists():
            report.problems.append(f"{entry['name']}: missing from the backup")
            continue
        content = copy.read_bytes()
        if len(content) != entry["size"] or hashlib.sha256(content).hexdigest() != entry["sha256"]:
            report.problems.append(f"{entry['name']}: its copy differs from the file backed up")
            continue
        if entry["name"].lower().endswith(".pdf"):
            try:
                if not PdfReader(io.BytesIO(content)).pages:
                    raise ValueError("no page")
            except Exception as error:
                report.problems.append(f"{entry['name']}: the PDF does not open ({type(error).__name__})")
            pdfs += 1
    report.checked["files"] = len(files)
    report.checked["pdfs"] = pdfs


def restore_check(directory: Path, *, keep: bool = False, before_checks=None) -> RestoreReport:
    """Restore `directory`'s dump into a new database and check it against the manifest. `before_checks(alias)` is
    called once the copy is restored (the tests change a row there, to see the check fail)."""
    manifest = json.loads((directory / "manifest.json").read_text())
    name = f"restore_check_{timezone.now():%Y%m%d%H%M%S}"
    report = RestoreReport(database=name)
    options, env = connection_env()
    _run([postgres_command("createdb"), *options, name], env)
    try:
        _run(
            [
                postgres_command("pg_restore"),
                *options,
                "--no-owner",
                "--dbname",
                name,
                str(directory / "database.dump"),
            ],
            env,
        )
        _open_alias(name)
        if before_checks:
            before_checks(ALIAS)
        compare_tables(manifest["tables"], snapshot.tables(using=ALIAS), report)
        shown = snapshot.certificates(list(manifest["certificates"]), using=ALIAS)
        for code, expected in manifest["certificates"].items():
            if shown.get(code) != expected:
                report.problems.append(f"certificate {code}: verifies as {shown.get(code)}, was {expected}")
        report.checked["certificates"] = len(manifest["certificates"])
        check_files(directory, manifest["files"], report)
    finally:
        _close_alias()
        if not keep:
            _run([postgres_command("dropdb"), *options, "--if-exists", name], env)
    return report
