"""The public programme and a delegate's agenda: the programme by day and room, a session, the calendars, the
booklet and the agenda PDF."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from documents.render import pdf_response
from people.emails import absolute_url
from people.inputs import local_path, parse_id
from people.permissions import MemberRequiredMixin, PublicMixin
from people.private_pages import private_page

from ..errors import ProgrammeError
from ..exports.ical import calendar_build
from ..exports.pdf import agenda_pdf, programme_booklet
from ..models import Session
from ..selectors.programme import (
    agenda_feed_registration,
    agenda_session_ids,
    agenda_sessions,
    cancelled_sessions_to_publish,
    programme_edition_for_public,
    programme_settings_of,
    registration_any,
    registration_approved,
    rooms_for_edition,
    session_for_public,
    session_of_edition,
    sessions_for_edition,
)
from ..services.agenda import agenda_add, agenda_feed_renew, agenda_feed_revoke, agenda_remove
from .programme_cache import agenda_buttons, programme_calendar, programme_shared


def _session_path(session) -> str:
    return reverse("forum:session", kwargs={"slug": session.edition.slug, "pk": session.pk})


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ProgrammeEditionMixin:
    def get_context_data(self, **kwargs):
        # Reversed once per page rather than once per session: the programme lists hundreds of them.
        slug = self.get_edition().slug
        kwargs.setdefault("agenda_url", reverse("forum:my_agenda", kwargs={"slug": slug}))
        kwargs.setdefault("session_url_prefix", reverse("forum:programme", kwargs={"slug": slug}) + "sessions/")
        return super().get_context_data(**kwargs)

    def get_edition(self):
        if not hasattr(self, "_edition"):
            self._edition = programme_edition_for_public(slug=self.kwargs["slug"], user=self.request.user)
        return self._edition


class ProgrammeView(PublicMixin, ProgrammeEditionMixin, TemplateView):
    """The programme by day and room: its days shared by every reader of the language and cached
    (forum.views.programme_cache), an approved delegate's agenda buttons put in per request."""

    template_name = "forum/programme/programme.html"

    def get_context_data(self, **kwargs):
        edition = self.get_edition()
        track = self.request.GET.get("track", "")[:80]
        kind = self.request.GET.get("kind", "")
        if kind not in Session.Kind.values:
            kind = ""
        shared = programme_shared(edition=edition, track=track, kind=kind)
        registration = registration_approved(edition=edition, user=self.request.user)
        context = super().get_context_data(**kwargs)
        days = agenda_buttons(
            shared["days"],
            request=self.request,
            registration=registration,
            chosen=agenda_session_ids(registration=registration),
            agenda_url=context["agenda_url"],
        )
        settings_row = programme_settings_of(edition)
        return {
            **context,
            "edition": edition,
            "programme_days": days,
            "tracks": shared["tracks"],
            "kinds": Session.Kind.choices,
            "track": track,
            "kind": kind,
            "published_at": settings_row.published_at if settings_row else None,
        }


class SessionDetailView(PublicMixin, ProgrammeEditionMixin, TemplateView):
    template_name = "forum/programme/session.html"

    def get_context_data(self, **kwargs):
        edition = self.get_edition()
        registration = registration_approved(edition=edition, user=self.request.user)
        return super().get_context_data(
            edition=edition,
            session=session_for_public(edition=edition, pk=self.kwargs["pk"]),
            registration=registration,
            chosen=agenda_session_ids(registration=registration),
            **kwargs,
        )


class ProgrammeCalendarView(PublicMixin, ProgrammeEditionMixin, View):
    def get(self, request, slug):
        edition = self.get_edition()
        return _ics_response(programme_calendar(edition=edition, path_for=_session_path), f"{edition.slug}.ics")


class ProgrammeBookletView(PublicMixin, ProgrammeEditionMixin, View):
    def get(self, request, slug):
        edition = self.get_edition()
        content = programme_booklet(
            edition=edition,
            sessions=list(sessions_for_edition(edition=edition)),
            rooms=list(rooms_for_edition(edition=edition)),
        )
        return pdf_response(content, f"{edition.slug}-programme.pdf")


class AgendaMixin(MemberRequiredMixin, ProgrammeEditionMixin):
    def get_registration(self):
        return registration_approved(edition=self.get_edition(), user=self.request.user)


class MyAgendaView(AgendaMixin, TemplateView):
    template_name = "forum/programme/my_agenda.html"

    def get_context_data(self, **kwargs):
        edition = self.get_edition()
        registration = self.get_registration()
        sessions = list(agenda_sessions(registration=registration)) if registration else []
        tz = edition.zone
        for session in sessions:
            session.local_start = session.starts_at.astimezone(tz)
            session.local_end = session.ends_at.astimezone(tz)
        feed = getattr(registration, "agenda_feed", None) if registration else None
        feed = feed if feed and feed.token else None
        feed_path = reverse("forum:my_agenda_ics", kwargs={"slug": edition.slug, "token": feed.token}) if feed else ""
        return super().get_context_data(
            feed_path=feed_path,
            feed_url=absolute_url(feed_path) if feed else "",
            edition=edition,
            registration=registration,
            any_registration=registration_any(edition=edition, user=self.request.user),
            sessions=sessions,
            feed=feed,
            **kwargs,
        )

    def post(self, request, slug):
        edition = self.get_edition()
        action = request.POST.get("action", "")
        back = local_path(request.POST.get("next", ""), request) or reverse("forum:my_agenda", kwargs={"slug": slug})
        try:
            if action in ("add", "remove"):
                pk = parse_id(request.POST.get("session", ""))
                if pk is None:
                    raise Http404
                session = session_of_edition(edition=edition, pk=pk)
                if action == "add":
                    agenda_add(edition=edition, user=request.user, session=session)
                    messages.success(request, _("“%(s)s” is in your agenda.") % {"s": session.title})
                else:
                    agenda_remove(edition=edition, user=request.user, session=session)
                    messages.success(request, _("“%(s)s” is no longer in your agenda.") % {"s": session.title})
            elif action in ("renew", "revoke"):
                registration = self.get_registration()
                if registration is None:
                    raise ProgrammeError(_("Only delegates whose registration is approved can build an agenda."))
                if action == "renew":
                    agenda_feed_renew(registration=registration)
                    messages.success(request, _("Your calendar has a new secret address; the old one no longer works."))
                else:
                    agenda_feed_revoke(registration=registration)
                    messages.success(request, _("Your calendar address no longer works."))
            else:
                messages.error(request, _("Unknown action."))
        except ProgrammeError as error:
            messages.error(request, error.message)
        return redirect(back)


@method_decorator(private_page, name="dispatch")  # one person's sessions, opened by a secret link
class AgendaCalendarView(PublicMixin, View):
    def get(self, request, slug, token):
        registration = agenda_feed_registration(slug=slug, token=token)
        edition = registration.edition
        content = calendar_build(
            edition=edition,
            sessions=agenda_sessions(registration=registration).select_related("edition"),
            cancelled=cancelled_sessions_to_publish(edition=edition, registration=registration),
            name=_("My agenda: %(e)s") % {"e": edition.title},
            path_for=_session_path,
        )
        return _ics_response(content, f"{edition.slug}-agenda.ics")


class AgendaPdfView(AgendaMixin, View):
    def get(self, request, slug):
        edition = self.get_edition()
        registration = self.get_registration()
        if registration is None:
            raise Http404
        sessions = list(agenda_sessions(registration=registration))
        content = agenda_pdf(edition=edition, sessions=sessions, person=request.user)
        return pdf_response(content, f"{edition.slug}-my-agenda.pdf")
