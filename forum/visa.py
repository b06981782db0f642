"""Visa invitation letters: a PDF per approved registration that asked for one, on the forum's letterhead, with
the passport details as the delegate entered them, in the delegate's language.

Who may download: the delegate themself (`/forum/<slug>/registration/visa-letter.pdf`) and organisers
(`/organiser/forum/<slug>/registrations/<id>/visa-letter.pdf`); everyone else gets 404.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from people.emails import absolute_url
from people.permissions import MemberRequiredMixin

from .models import Registration

# The organiser named on the letterhead. A setting so that production can name the ministry exactly.
DEFAULT_HOST = _("Ministry of Posts and Telecommunications, Kingdom of Cambodia, with UNICEF")


def host_organisation() -> str:
    return str(getattr(settings, "FORUM_HOST_ORGANISATION", "") or DEFAULT_HOST)


def letter_available(registration: Registration) -> bool:
    """A letter exists for an approved registration that asked for one and gave passport details (organisers can
    open it while changed details wait for their review; the delegate cannot: letter_ready)."""
    return (
        registration.status == Registration.Status.APPROVED
        and registration.needs_visa_letter
        and getattr(registration, "visa_request", None) is not None
    )


def letter_ready(registration: Registration) -> bool:
    """The delegate can download their letter: it exists and no changed details wait for the organisers."""
    return letter_available(registration) and not registration.visa_request.needs_review


def _letter_queryset():
    return Registration.objects.select_related("edition", "user", "organisation", "visa_request").filter(
        status=Registration.Status.APPROVED, needs_visa_letter=True, visa_request__isnull=False
    )


def letter_registration_for_delegate(*, slug: str, user) -> Registration:
    """The person's own approved registration with a visa request for the published edition; 404 otherwise."""
    registration = (
        _letter_queryset()
        .filter(edition__slug=slug, edition__is_published=True, user=user, visa_request__needs_review=False)
        .first()
    )
    if registration is None:
        raise Http404
    return registration


def letter_registration_for_organiser(*, slug: str, pk: int) -> Registration:
    registration = _letter_queryset().filter(edition__slug=slug, pk=pk).first()
    if registration is None:
        raise Http404
    return registration


def visa_letter_context(*, registration: Registration) -> dict:
    edition = registration.edition
    return {
        "registration": registration,
        "edition": edition,
        "delegate": registration.user,
        "visa": registration.visa_request,
        "host_organisation": host_organisation(),
        "issued_on": timezone.localdate(),
        "edition_url": absolute_url(f"/forum/{edition.slug}/"),
    }


def visa_letter_pdf(*, registration: Registration) -> bytes:
    """The letter as PDF bytes, in the delegate's language (documents.render)."""
    from documents.render import render_pdf

    language = registration.user.language or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    return render_pdf("forum/pdf/visa_letter.html", visa_letter_context(registration=registration), language=language)


def pdf_response(*, registration: Registration) -> HttpResponse:
    response = HttpResponse(visa_letter_pdf(registration=registration), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="visa-letter-{registration.reference}.pdf"'
    # Passport details: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class DelegateVisaLetterView(MemberRequiredMixin, View):
    """The delegate's own letter."""

    def get(self, request, slug: str):
        registration = letter_registration_for_delegate(slug=slug, user=request.user)
        return pdf_response(registration=registration)
