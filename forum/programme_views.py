"""Pages of the programme: public programme and sessions, my agenda, calendars, PDFs, the organisers' editor."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from people.emails import absolute_url
from people.inputs import local_path, parse_id
from people.permissions import MemberRequiredMixin, OrganiserRequiredMixin, PublicMixin
from people.private_pages import private_page

from .models import ForumEdition
from .programme_forms import RoomForm, SessionForm, SpeakerForm
from .models import Room, Session, SessionSpeaker
from .programme_selectors import (
    agenda_feed_registration,
    agenda_session_ids,
    agenda_sessions,
    calendar_build,
    edition_tz,
    programme_conflicts,
    programme_days,
    programme_edition_for_public,
    programme_published_at,
    registration_any,
    registration_approved,
    rooms_for_edition,
    session_cancellation_audience,
    session_for_public,
    sessions_for_edition,
    tracks_for_edition,
)
from .programme_services import (
    ProgrammeError,
    agenda_add,
    agenda_feed_renew,
    agenda_feed_revoke,
    agenda_remove,
    programme_publish,
    room_create,
    room_update,
    session_create,
    session_delete,
    session_update,
    speaker_add,
    speaker_remove,
)


def _session_path(session) -> str:
    return reverse("forum_programme:session", kwargs={"slug": session.edition.slug, "pk": session.pk})


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ProgrammeEditionMixin:
    def get_context_data(self, **kwargs):
        # Reversed once per page rather than once per session: the programme lists hundreds of them.
        slug = self.get_edition().slug
        kwargs.setdefault("agenda_url", reverse("forum_programme:my_agenda", kwargs={"slug": slug}))
        kwargs.setdefault(
            "session_url_prefix", reverse("forum_programme:programme", kwargs={"slug": slug}) + "sessions/"
        )
        return super().get_context_data(**kwargs)

    def get_edition(self):
        if not hasattr(self, "_edition"):
            self._edition = programme_edition_for_public(slug=self.kwargs["slug"], user=self.request.user)
        return self._edition


# --- public


class ProgrammeView(PublicMixin, ProgrammeEditionMixin, TemplateView):
    template_name = "forum/programme/programme.html"

    def get_context_data(self, **kwargs):
        edition = self.get_edition()
        track = self.request.GET.get("track", "")[:80]
        kind = self.request.GET.get("kind", "")
        if kind not in Session.Kind.values:
            kind = ""
        rooms = list(rooms_for_edition(edition=edition))
        sessions = list(sessions_for_edition(edition=edition, track=track, kind=kind))
        registration = registration_approved(edition=edition, user=self.request.user)
        return super().get_context_data(
            edition=edition,
            rooms=rooms,
            days=programme_days(edition=edition, sessions=sessions, rooms=rooms),
            tracks=tracks_for_edition(edition=edition),
            kinds=Session.Kind.choices,
            track=track,
            kind=kind,
            registration=registration,
            chosen=agenda_session_ids(registration=registration),
            published_at=programme_published_at(edition=edition),
            **kwargs,
        )


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
        sessions = sessions_for_edition(edition=edition).select_related("edition")
        content = calendar_build(edition=edition, sessions=sessions, name=edition.title, path_for=_session_path)
        return _ics_response(content, f"{edition.slug}.ics")


class ProgrammeBookletView(PublicMixin, ProgrammeEditionMixin, View):
    def get(self, request, slug):
        from documents.render import render_pdf

        edition = self.get_edition()
        rooms = list(rooms_for_edition(edition=edition))
        sessions = list(sessions_for_edition(edition=edition))
        language = translation.get_language()
        pdf = render_pdf(
            "forum/pdf/programme_booklet.html",
            {"edition": edition, "days": programme_days(edition=edition, sessions=sessions, rooms=rooms)},
            language=language,
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{edition.slug}-programme.pdf"'
        return response


class AgendaMixin(MemberRequiredMixin, ProgrammeEditionMixin):
    def get_registration(self):
        return registration_approved(edition=self.get_edition(), user=self.request.user)


class MyAgendaView(AgendaMixin, TemplateView):
    template_name = "forum/programme/my_agenda.html"

    def get_context_data(self, **kwargs):
        edition = self.get_edition()
        registration = self.get_registration()
        sessions = list(agenda_sessions(registration=registration)) if registration else []
        tz = edition_tz(edition)
        for session in sessions:
            session.local_start = session.starts_at.astimezone(tz)
            session.local_end = session.ends_at.astimezone(tz)
        feed = getattr(registration, "agenda_feed", None) if registration else None
        feed = feed if feed and feed.token else None
        feed_path = (
            reverse("forum_programme:my_agenda_ics", kwargs={"slug": edition.slug, "token": feed.token}) if feed else ""
        )
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
        back = local_path(request.POST.get("next", ""), request) or reverse(
            "forum_programme:my_agenda", kwargs={"slug": slug}
        )
        try:
            if action in ("add", "remove"):
                pk = parse_id(request.POST.get("session", ""))
                if pk is None:
                    raise Http404
                session = get_object_or_404(Session, pk=pk, edition=edition)
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
        sessions = agenda_sessions(registration=registration).select_related("edition")
        content = calendar_build(
            edition=edition,
            sessions=sessions,
            name=_("My agenda: %(e)s") % {"e": edition.title},
            path_for=_session_path,
        )
        return _ics_response(content, f"{edition.slug}-agenda.ics")


class AgendaPdfView(AgendaMixin, View):
    def get(self, request, slug):
        from documents.render import render_pdf

        edition = self.get_edition()
        registration = self.get_registration()
        if registration is None:
            raise Http404
        sessions = list(agenda_sessions(registration=registration))
        tz = edition_tz(edition)
        for session in sessions:
            session.local_start = session.starts_at.astimezone(tz)
            session.local_end = session.ends_at.astimezone(tz)
        pdf = render_pdf(
            "forum/pdf/programme_agenda.html",
            {"edition": edition, "sessions": sessions, "person": request.user},
            language=translation.get_language(),
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{edition.slug}-my-agenda.pdf"'
        return response


# --- organisers


class OrganiserEditionMixin(OrganiserRequiredMixin):
    """Organiser pages of one edition; forms read and show times in the forum's time zone."""

    def get_edition(self):
        if not hasattr(self, "_edition"):
            self._edition = get_object_or_404(ForumEdition, slug=self.kwargs["slug"])
        return self._edition

    def render_in_zone(self, handler, *args, **kwargs):
        with timezone.override(edition_tz(self.get_edition())):
            response = handler(*args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            return response

    def get(self, request, *args, **kwargs):
        return self.render_in_zone(super().get, request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.render_in_zone(self.handle_post, request, *args, **kwargs)

    def handle_post(self, request, *args, **kwargs):
        raise Http404


class EditorView(OrganiserEditionMixin, TemplateView):
    template_name = "forum/programme/organiser/editor.html"

    def get_context_data(self, **kwargs):
        edition = self.get_edition()
        rooms = list(rooms_for_edition(edition=edition))
        sessions = list(sessions_for_edition(edition=edition))
        return super().get_context_data(
            edition=edition,
            rooms=rooms,
            days=programme_days(edition=edition, sessions=sessions, rooms=rooms),
            conflicts=programme_conflicts(edition=edition),
            published_at=programme_published_at(edition=edition),
            **kwargs,
        )

    def handle_post(self, request, slug):
        edition = self.get_edition()
        publish = request.POST.get("publish")
        if publish in ("1", "0"):
            programme_publish(edition=edition, publish=publish == "1")
            messages.success(
                request, _("The programme is published.") if publish == "1" else _("The programme is hidden.")
            )
        return redirect("forum_programme_organiser:editor", slug=slug)


class RoomsView(OrganiserEditionMixin, TemplateView):
    template_name = "forum/programme/organiser/rooms.html"

    def get_context_data(self, **kwargs):
        edition = self.get_edition()
        kwargs.setdefault("form", RoomForm())
        return super().get_context_data(edition=edition, rooms=rooms_for_edition(edition=edition), **kwargs)

    def handle_post(self, request, slug):
        edition = self.get_edition()
        form = RoomForm(request.POST)
        if form.is_valid():
            try:
                room_create(edition=edition, **form.cleaned_data)
            except ProgrammeError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Room added."))
                return redirect("forum_programme_organiser:rooms", slug=slug)
        return self.render_to_response(self.get_context_data(form=form))


class RoomEditView(OrganiserEditionMixin, TemplateView):
    template_name = "forum/programme/organiser/room_form.html"

    def get_room(self):
        return get_object_or_404(Room, pk=self.kwargs["pk"], edition=self.get_edition())

    def get_context_data(self, **kwargs):
        room = self.get_room()
        kwargs.setdefault("form", RoomForm(instance=room))
        return super().get_context_data(edition=self.get_edition(), room=room, **kwargs)

    def handle_post(self, request, slug, pk):
        room = self.get_room()
        form = RoomForm(request.POST, instance=Room.objects.get(pk=room.pk))
        if form.is_valid():
            try:
                room_update(room=room, **form.cleaned_data)
            except ProgrammeError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Room saved."))
                return redirect("forum_programme_organiser:rooms", slug=slug)
        return self.render_to_response(self.get_context_data(form=form))


def _form_error(form, error: ProgrammeError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


class SessionCreateView(OrganiserEditionMixin, TemplateView):
    template_name = "forum/programme/organiser/session_form.html"

    def get_context_data(self, **kwargs):
        edition = self.get_edition()
        kwargs.setdefault("form", SessionForm(edition=edition))
        return super().get_context_data(edition=edition, session=None, **kwargs)

    def handle_post(self, request, slug):
        edition = self.get_edition()
        form = SessionForm(request.POST, edition=edition)
        if form.is_valid():
            try:
                session = session_create(edition=edition, actor=request.user, **form.cleaned_data)
            except ProgrammeError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("Session added."))
                return redirect("forum_programme_organiser:session", slug=slug, pk=session.pk)
        return self.render_to_response(self.get_context_data(form=form))


class SessionEditView(OrganiserEditionMixin, TemplateView):
    template_name = "forum/programme/organiser/session_form.html"

    def get_session(self):
        return get_object_or_404(
            Session.objects.select_related("room", "edition"), pk=self.kwargs["pk"], edition=self.get_edition()
        )

    def get_context_data(self, **kwargs):
        edition = self.get_edition()
        session = self.get_session()
        kwargs.setdefault("form", SessionForm(instance=session, edition=edition))
        kwargs.setdefault("speaker_form", SpeakerForm(edition=edition))
        speakers = SessionSpeaker.objects.filter(session=session).select_related("registration__user")
        signed_up_count = session_cancellation_audience(session=session)
        return super().get_context_data(
            edition=edition, session=session, speakers=speakers, signed_up_count=signed_up_count, **kwargs
        )

    def handle_post(self, request, slug, pk):
        edition = self.get_edition()
        session = self.get_session()
        action = request.POST.get("action", "save")
        if action == "delete":
            session_delete(session=session)
            messages.success(request, _("Session deleted."))
            return redirect("forum_programme_organiser:editor", slug=slug)
        if action == "remove_speaker":
            speaker_pk = parse_id(request.POST.get("speaker", ""))
            if speaker_pk is None:
                raise Http404
            speaker = get_object_or_404(SessionSpeaker, pk=speaker_pk, session=session)
            speaker_remove(speaker=speaker)
            messages.success(request, _("Speaker removed."))
            return redirect("forum_programme_organiser:session", slug=slug, pk=pk)
        if action == "add_speaker":
            speaker_form = SpeakerForm(request.POST, edition=edition)
            if speaker_form.is_valid():
                try:
                    speaker_add(session=session, **speaker_form.cleaned_data)
                except ProgrammeError as error:
                    _form_error(speaker_form, error)
                else:
                    messages.success(request, _("Speaker added."))
                    return redirect("forum_programme_organiser:session", slug=slug, pk=pk)
            return self.render_to_response(self.get_context_data(speaker_form=speaker_form))
        form = SessionForm(request.POST, instance=Session.objects.get(pk=session.pk), edition=edition)
        if form.is_valid():
            try:
                session_update(session=session, actor=request.user, **form.cleaned_data)
            except ProgrammeError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("Session saved."))
                return redirect("forum_programme_organiser:editor", slug=slug)
        return self.render_to_response(self.get_context_data(form=form))
