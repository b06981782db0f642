"""The forum's kinds of batch job (documents.kinds), registered in ForumConfig.ready(): badges printed one A6 to a
page or four to an A4 sheet with cut marks, and the e-mail that brings each delegate their badge's QR code and the
practical information, in their language. Items are registrations; organisers only start and follow them.

The A4 kind is the A6 kind with documents' imposition (documents.printing.A4_TWO_BY_TWO): documents lays out pages
without knowing what they are, so a badge is designed once, a job's items stay registrations (a group of four
would be no object of ours), and the ZIP still holds one badge per person.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from documents.errors import DeliverySkipped
from documents.jobs import job_start
from documents.kinds import DeliveryKind, PrintKind
from documents.models import PrintJob
from documents.printing import A4_TWO_BY_TWO, safe_ascii_name
from people.emails import absolute_url, templated_message
from people.i18n import localized
from people.mail import Message
from people.models import User
from people.permissions import organiser_gate

from .exports.badges import STYLESHEETS, TEMPLATE, badge_context, badge_language, qr_attachment
from .models import CheckInCredential, ForumEdition, Registration
from .rules import badge_face
from .selectors.badges import badge_ids, badge_items
from .services.credentials import credential_issue

BADGES_A6 = "forum.badges_a6"
BADGES_A4 = "forum.badges_a4"
BADGE_EMAIL = "forum.badge_email"
KINDS = (BADGES_A6, BADGES_A4, BADGE_EMAIL)
# What the organisers' "everyone" buttons post (forum.views.badges.BadgesView): a kind by a short name.
EVERYONE = {"a6": BADGES_A6, "a4": BADGES_A4, "email": BADGE_EMAIL}


def _credential(registration: Registration) -> CheckInCredential:
    # Issued on approval (forum.services.credentials); a row written around the services gets one now.
    if registration.valid_credentials:
        return registration.valid_credentials[0]
    return credential_issue(registration=registration)


class _Badges:
    nothing_chosen = _("Choose at least one approved registration.")

    def gate(self, request):
        return organiser_gate(request)


class BadgePrint(_Badges, PrintKind):
    """One A6 badge a page. Only approved registrations print: one cancelled since the job started is left out."""

    name = BADGES_A6
    label = _("Badges, A6")
    template_name = TEMPLATE
    stylesheets = STYLESHEETS

    def items(self, ids) -> QuerySet[Registration]:
        return badge_items(ids, approved_only=True)

    def context(self, registration: Registration) -> dict:
        return badge_context(registration, _credential(registration), speaks=registration.speaks)

    def language(self, registration: Registration) -> str:
        return badge_language(registration)

    def file_name(self, registration: Registration) -> str:
        face = badge_face(registration, speaks=registration.speaks)
        return f"{registration.reference}_{safe_ascii_name(face.name_latin or face.name, default='badge')}.pdf"


class BadgeSheetPrint(BadgePrint):
    """Four A6 badges on each A4 sheet, with cut marks."""

    name = BADGES_A4
    label = _("Badges, A4 (four a sheet)")
    imposition = A4_TWO_BY_TWO


class BadgeEmail(_Badges, DeliveryKind):
    """The e-mail "your badge QR and practical information", to each delegate in their language, the QR code
    attached. A registration that is no longer approved is skipped and reported."""

    name = BADGE_EMAIL
    label = _("Badge QR e-mail")

    def items(self, ids) -> QuerySet[Registration]:
        return badge_items(ids, approved_only=False)

    def address(self, registration: Registration) -> str:
        return registration.user.email

    def deliver(self, registration: Registration) -> None:
        if not registration.holds_seat:
            raise DeliverySkipped(_("The registration is not approved: not sent."))
        badge_email_message(registration, _credential(registration)).send()


JOB_TITLE = _("Badges: %(edition)s")


def job_titles(edition: ForumEdition) -> dict[str, str]:
    """The title of the edition's badge jobs in each language (documents.models.PrintJob shows its reader's)."""
    titles = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            titles[code] = str(JOB_TITLE) % {"edition": localized(edition, "title", code)}
    return titles


def badge_job_everyone(
    *, edition: ForumEdition, kind: str, title: dict[str, str], by: User, back_url: str = ""
) -> PrintJob:
    """A job of `kind` (one of KINDS) over everyone with a badge in `edition` when it starts: the approved
    registrations, guests and staff included (documents.jobs.job_start; its JobError for none or a job under way)."""
    return job_start(kind=kind, ids=badge_ids(edition=edition), title=title, by=by, back_url=back_url)


def badge_email_message(registration: Registration, credential: CheckInCredential) -> Message:
    """The e-mail before the forum: the QR code of the delegate's badge (attached as an image) and the practical
    information, in the delegate's language."""
    user, edition = registration.user, registration.edition
    language = badge_language(registration)
    with translation.override(language):
        registration_path = reverse("forum:registration", kwargs={"slug": edition.slug})
        programme_path = reverse("forum:programme", kwargs={"slug": edition.slug})
        safeguarding_path = reverse("safeguarding:report")
        face = badge_face(registration, speaks=registration.speaks)
        context = {
            "edition_title": localized(edition, "title", language),
            "edition": edition,
            "reference": registration.reference,
            # Khmer readers are greeted by the name in their own script; a youth delegate as their badge names them.
            "name": (language == "km" and face.name) or face.name_latin or face.name,
            "words": " · ".join(face.words),
            "registration_url": absolute_url(registration_path),
            "programme_url": absolute_url(programme_path),
            "safeguarding_url": absolute_url(safeguarding_path),
        }
    message = templated_message(
        template_prefix="forum/email/badge_qr", to=user.email, context=context, language=language
    )
    message.attach(*qr_attachment(credential))
    return message
