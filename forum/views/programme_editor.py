"""The organisers' programme editor: the grid by day and room with its conflicts, publishing, rooms, sessions
and their speakers. Forms read and show times in the forum's time zone."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from people.errors import form_submit
from people.inputs import parse_id
from people.permissions import OrganiserRequiredMixin
from surveys.results import session_ratings

from ..errors import ProgrammeError
from ..forms.programme import RoomForm, SessionForm, SpeakerForm
from ..selectors.attendance import session_checked_in, with_door_counts
from ..selectors.programme import (
    programme_conflicts,
    programme_days,
    programme_published_at,
    room_for_organiser,
    rooms_for_edition,
    session_cancellation_audience,
    session_of_edition,
    session_speaker_get,
    session_speakers,
    sessions_for_edition,
)
from ..services.programme import (
    programme_publish,
    room_create,
    room_update,
    session_create,
    session_delete,
    session_update,
    speaker_add,
    speaker_remove,
)
from ..surveys import SessionsSubject
from .mixins import EditionTimeZoneMixin


class EditorView(OrganiserRequiredMixin, EditionTimeZoneMixin, TemplateView):
    template_name = "forum/programme/organiser/editor.html"

    def get_context_data(self, **kwargs):
        edition = self.get_edition()
        rooms = list(rooms_for_edition(edition=edition))
        # `checked_in`: the room door's check-ins, which only organisers see.
        sessions = list(with_door_counts(sessions_for_edition(edition=edition)))
        # Each session's average feedback rating, where its survey's results may be read (surveys.rules).
        ratings = session_ratings(subject_kind_name=SessionsSubject.name, subject_id=edition.pk)
        for session in sessions:
            session.rating = ratings.get(session.pk)
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
            try:
                programme_publish(edition=edition, publish=publish == "1")
            except ProgrammeError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(
                    request, _("The programme is published.") if publish == "1" else _("The programme is hidden.")
                )
        return redirect("forum_organiser:programme", slug=slug)


class RoomsView(OrganiserRequiredMixin, EditionTimeZoneMixin, TemplateView):
    template_name = "forum/programme/organiser/rooms.html"

    def get_context_data(self, **kwargs):
        edition = self.get_edition()
        kwargs.setdefault("form", RoomForm())
        return super().get_context_data(edition=edition, rooms=rooms_for_edition(edition=edition), **kwargs)

    def handle_post(self, request, slug):
        edition = self.get_edition()
        form = RoomForm(request.POST)
        done, _result = form_submit(form, room_create, edition=edition)
        if done:
            messages.success(request, _("Room added."))
            return redirect("forum_organiser:programme_rooms", slug=slug)
        return self.render_to_response(self.get_context_data(form=form))


class RoomEditView(OrganiserRequiredMixin, EditionTimeZoneMixin, TemplateView):
    template_name = "forum/programme/organiser/room_form.html"

    def get_room(self):
        return room_for_organiser(edition=self.get_edition(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        room = self.get_room()
        kwargs.setdefault("form", RoomForm(instance=room))
        return super().get_context_data(edition=self.get_edition(), room=room, **kwargs)

    def handle_post(self, request, slug, pk):
        room = self.get_room()
        form = RoomForm(request.POST, instance=copy.copy(room))
        done, _result = form_submit(form, room_update, room=room)
        if done:
            messages.success(request, _("Room saved."))
            return redirect("forum_organiser:programme_rooms", slug=slug)
        return self.render_to_response(self.get_context_data(form=form))


class SessionCreateView(OrganiserRequiredMixin, EditionTimeZoneMixin, TemplateView):
    template_name = "forum/programme/organiser/session_form.html"

    def get_context_data(self, **kwargs):
        edition = self.get_edition()
        kwargs.setdefault("form", SessionForm(edition=edition))
        return super().get_context_data(edition=edition, session=None, **kwargs)

    def handle_post(self, request, slug):
        edition = self.get_edition()
        form = SessionForm(request.POST, edition=edition)
        done, session = form_submit(form, session_create, edition=edition, actor=request.user)
        if done:
            messages.success(request, _("Session added."))
            return redirect("forum_organiser:programme_session", slug=slug, pk=session.pk)
        return self.render_to_response(self.get_context_data(form=form))


class SessionEditView(OrganiserRequiredMixin, EditionTimeZoneMixin, TemplateView):
    template_name = "forum/programme/organiser/session_form.html"

    def get_session(self):
        return session_of_edition(edition=self.get_edition(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        edition = self.get_edition()
        session = self.get_session()
        kwargs.setdefault("form", SessionForm(instance=session, edition=edition))
        kwargs.setdefault("speaker_form", SpeakerForm(edition=edition))
        speakers = session_speakers(session=session)
        signed_up_count = session_cancellation_audience(session=session)
        return super().get_context_data(
            edition=edition,
            session=session,
            speakers=speakers,
            signed_up_count=signed_up_count,
            checked_in=session_checked_in(session=session),
            **kwargs,
        )

    def handle_post(self, request, slug, pk):
        edition = self.get_edition()
        session = self.get_session()
        action = request.POST.get("action", "save")
        if action == "delete":
            session_delete(session=session)
            messages.success(request, _("Session deleted."))
            return redirect("forum_organiser:programme", slug=slug)
        if action == "remove_speaker":
            speaker_pk = parse_id(request.POST.get("speaker", ""))
            if speaker_pk is None:
                raise Http404
            speaker = session_speaker_get(session=session, pk=speaker_pk)
            speaker_remove(speaker=speaker)
            messages.success(request, _("Speaker removed."))
            return redirect("forum_organiser:programme_session", slug=slug, pk=pk)
        if action == "add_speaker":
            speaker_form = SpeakerForm(request.POST, edition=edition)
            done, _result = form_submit(speaker_form, speaker_add, session=session)
            if done:
                messages.success(request, _("Speaker added."))
                return redirect("forum_organiser:programme_session", slug=slug, pk=pk)
            return self.render_to_response(self.get_context_data(speaker_form=speaker_form))
        form = SessionForm(request.POST, instance=copy.copy(session), edition=edition)
        done, _result = form_submit(form, session_update, session=session, actor=request.user)
        if done:
            messages.success(request, _("Session saved."))
            return redirect("forum_organiser:programme", slug=slug)
        return self.render_to_response(self.get_context_data(form=form))
