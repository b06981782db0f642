"""The archive of a person's own data: README.txt, one JSON file per part of the site, the PDFs of their
certificates and the signed consent forms of their youth registrations, in a ZIP written to a temporary file
(kept in memory up to SPOOL_BYTES, then on disk), in the person's language."""

from __future__ import annotations

import datetime
import json
import shutil
import tempfile
import zipfile

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from people.models import User

from .account import emails_data, profile_data, surveys_data
from .certificates import certificate_pdfs, certificates_data
from .forum import consent_documents, forum_data
from .selectors import OwnRecords, own_records
from .trainings import trainings_data

SPOOL_BYTES = 16 * 1024 * 1024


def contents() -> list[tuple[str, str]]:
    """(file, what it holds) of the archive, in the active language: the download page and README.txt list
    them."""
    return [
        (
            "profile.json",
            _(
                "Your account: e-mail, names, language, country, position, the optional answers about whom we reach, "
                "when you joined and last signed in, and whether two-factor authentication is set up (never its "
                "secrets or your password); your e-mail addresses; your memberships of organisations."
            ),
        ),
        (
            "forum.json",
            _(
                "Your forum registrations: reference, status and its history, what you told us (organisation, "
                "position, dietary and accessibility needs, photo consent, the policy versions you agreed to), your "
                "passport details for a visa letter, a youth delegate's details and the guardian's decisions, your "
                "check-ins, attendance corrections, agenda and speaker roles; the nominations that named you and your "
                "roles as a nominator."
            ),
        ),
        (
            "trainings.json",
            _(
                "Your training enrolments: course, cohort, status and completion; each session with your attendance "
                "mark and whether it counts as attended by the course's rule; your test attempts with the answers you "
                "picked; the cohorts you teach."
            ),
        ),
        (
            "surveys.json",
            _(
                "Your answers to surveys that are not anonymous, and your survey invitations. Answers to anonymous "
                "surveys are kept without any link to you, so nobody can find them, and they are not here."
            ),
        ),
        (
            "certificates.json",
            _(
                "Your certificates. The PDF of each valid one is in the folder certificates/; a revoked certificate is "
                "listed without a PDF."
            ),
        ),
        (
            "consent/",
            _(
                "The consent forms your parent or guardian signed, if you registered as a youth delegate and they "
                "are still kept."
            ),
        ),
        (
            "emails.json",
            _(
                "The e-mails this site sent you: to which address, subject, language and when (their text is not "
                "kept). They are noted for %(days)s days."
            )
            % {"days": settings.SENT_EMAIL_KEEP_DAYS},
        ),
    ]


def _notes() -> list[str]:
    return [
        _(
            "Reports of concerns about a child's safety are not linked to accounts: they are anonymous by design, "
            "so none is in this archive, even one you sent."
        ),
        _("Dates and times are written as in ISO 8601, times in UTC. The JSON files are UTF-8 text."),
        _("A value from a list (a status, a category, a country) is given as its code and its name in your language."),
    ]


def readme(records: OwnRecords, today: datetime.date) -> str:
    """README.txt in the active language: whose data, when, and what each file holds."""
    lines = [
        _("Your data on %(site)s") % {"site": settings.SITE_NAME},
        _("Downloaded on %(date)s for %(email)s.")
        % {"date": formats.date_format(today, "DATE_FORMAT"), "email": records.user.email},
        "",
    ]
    for name, description in contents():
        lines += [name, f"    {description}", ""]
    for note in _notes():
        lines += [note, ""]
    return "\n".join(lines)


def archive_name(today: datetime.date) -> str:
    return f"my-data-{today:%Y-%m-%d}.zip"


def person_language(user: User) -> str:
    return user.language if user.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _write(archive: zipfile.ZipFile, records: OwnRecords, today: datetime.date) -> None:
    archive.writestr("README.txt", readme(records, today))
    archive.writestr("profile.json", _json(profile_data(records)))
    archive.writestr("forum.json", _json(forum_data(records)))
    archive.writestr("trainings.json", _json(trainings_data(records)))
    archive.writestr("surveys.json", _json(surveys_data(records)))
    archive.writestr("certificates.json", _json(certificates_data(records)))
    archive.writestr("emails.json", _json(emails_data(records)))
    for name, content in certificate_pdfs(records):
        archive.writestr(name, content)
    for name, consent in consent_documents(records):
        try:
            with consent.document.open("rb") as handle, archive.open(name, "w") as target:
                shutil.copyfileobj(handle, target)  # a scan may be large: copied in chunks, never whole in memory
        except FileNotFoundError:
            continue  # deleted by the retention purge since the row was read


def own_data_archive(user: User) -> tempfile.SpooledTemporaryFile:
    """The ZIP of everything the site holds about `user`, in their language, positioned at its start (the caller
    closes it). A fixed number of queries whatever the number of records (privacy.export.selectors); certificate
    PDFs not cached yet are rendered once and cached."""
    records = own_records(user)
    # Not a `with`: the file outlives this function, handed to the response that streams and closes it.
    archive_file = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    try:
        with (
            translation.override(person_language(user)),
            zipfile.ZipFile(archive_file, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        ):
            _write(archive, records, timezone.localdate())
    except BaseException:
        archive_file.close()
        raise
    archive_file.seek(0)
    return archive_file
