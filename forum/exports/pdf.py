"""The forum's PDFs, rendered by documents (WeasyPrint, the shipped fonts, the safe URL fetcher): the programme
booklet, a delegate's agenda and the visa invitation letter on the forum's letterhead."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone, translation

from documents.render import pdf_response, render_pdf
from people.emails import absolute_url
from people.private_pages import private_response

from ..models import ForumEdition, Registration
from ..selectors.programme import programme_days


def programme_booklet(*, edition: ForumEdition, sessions: list, rooms: list) -> bytes:
    """The programme by day and room, in the active language."""
    context = {"edition": edition, "days": programme_days(edition=edition, sessions=sessions, rooms=rooms)}
    return render_pdf("forum/pdf/programme_booklet.html", context, language=translation.get_language())


def agenda_pdf(*, edition: ForumEdition, sessions: list, person) -> bytes:
    """A delegate's chosen sessions with their local times, in the active language."""
    for session in sessions:
        session.local_start = timezone.localtime(session.starts_at, edition.zone)
        session.local_end = timezone.localtime(session.ends_at, edition.zone)
    context = {"edition": edition, "sessions": sessions, "person": person}
    return render_pdf("forum/pdf/programme_agenda.html", context, language=translation.get_language())


def visa_letter_pdf(*, registration: Registration) -> bytes:
    """The letter, in the delegate's language, with the passport details as the delegate entered them."""
    edition = registration.edition
    language = registration.user.language or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    context = {
        "registration": registration,
        "edition": edition,
        "delegate": registration.user,
        "visa": registration.visa_request,
        "host_organisation": settings.FORUM_HOST_ORGANISATION,
        "issued_on": timezone.localdate(),
        "edition_url": absolute_url(f"/forum/{edition.slug}/"),
    }
    return render_pdf("forum/pdf/visa_letter.html", context, language=language)


def visa_letter_response(*, registration: Registration) -> HttpResponse:
    # Passport details: never kept by any cache.
    content = visa_letter_pdf(registration=registration)
    return private_response(pdf_response(content, f"visa-letter-{registration.reference}.pdf", inline=True))
