"""The organisers' venue pages of a forum edition: the check-in stations (last synced, scans, opened or not) with
the report of what they did offline, a new station, a new opening link, revoking one, and the walk-in desk.
Organisers with two-factor only (404 for everyone else).

A station's opening link is shown once, in the answer to the POST that made it (a new station or a new link), never
again: only its hash is kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from people.emails import absolute_url
from people.errors import DomainError, form_submit
from people.permissions import OrganiserRequiredMixin

from ..exports.badges import qr_svg
from ..forms.stations import StationForm, WalkInForm
from ..selectors.stations import station_for_organiser, station_report, station_rows, walk_in_stations
from ..services.stations import station_create, station_new_link, station_revoke
from ..services.walkins import walk_in_register
from .badges import job_titles
from .mixins import EditionScopeMixin, EditionTimeZoneMixin

LINK_TEMPLATE = "forum/organiser/station_link.html"


def _link_context(station, token: str) -> dict:
    with translation.override(station.language):
        path = reverse("forum:station", kwargs={"slug": station.edition.slug, "token": token})
    url = absolute_url(path)
    return {"station": station, "link": url, "link_qr": qr_svg(url)}


class StationsView(OrganiserRequiredMixin, EditionScopeMixin, TemplateView):
    template_name = "forum/organiser/stations.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            stations=station_rows(edition=self.edition), report=station_report(edition=self.edition), **kwargs
        )


class StationCreateView(OrganiserRequiredMixin, EditionTimeZoneMixin, TemplateView):
    template_name = "forum/organiser/station_form.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", StationForm(edition=self.edition))
        return super().get_context_data(**kwargs)

    def handle_post(self, request, slug: str):
        form = StationForm(request.POST, edition=self.edition)
        done, made = form_submit(form, station_create, edition=self.edition, by=request.user)
        if not done:
            return self.render_to_response(self.get_context_data(form=form))
        station, token = made
        context = {**self.get_context_data(), **_link_context(station, token), "created": True}
        return self.response_class(request=request, template=[LINK_TEMPLATE], context=context)


class _StationAction(OrganiserRequiredMixin, EditionScopeMixin, TemplateView):
    http_method_names = ["post"]

    def get_station(self):
        station = station_for_organiser(edition=self.edition, pk=self.kwargs["pk"])
        if station is None:
            raise Http404
        station.edition = self.edition
        return station


class StationLinkView(_StationAction):
    """POST: a new opening link, shown once; the device that opened the old one is shut out."""

    template_name = LINK_TEMPLATE

    def post(self, request, slug: str, pk: int):
        station = self.get_station()
        try:
            token = station_new_link(station=station)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("forum_organiser:stations", slug=slug)
        return self.render_to_response(self.get_context_data(**_link_context(station, token)))


class StationRevokeView(_StationAction):
    def post(self, request, slug: str, pk: int):
        station = station_revoke(station=self.get_station())
        messages.success(
            request,
            _("The station %(name)s is revoked: its device is refused from now on, and at its next sync if offline.")
            % {"name": station.name},
        )
        return redirect("forum_organiser:stations", slug=slug)


class WalkInView(OrganiserRequiredMixin, EditionScopeMixin, TemplateView):
    """GET: the form; POST: registered, approved and checked in, with the button that prints their A6 badge (the
    badges' print job, forum.jobs), or the refusal beside its field (no seat left: nothing is saved)."""

    template_name = "forum/organiser/walk_ins.html"

    def get_context_data(self, **kwargs):
        stations = walk_in_stations(edition=self.edition)
        first = stations.first()
        kwargs.setdefault("form", WalkInForm(stations=stations, initial={"station": first}))
        return super().get_context_data(job_titles=job_titles(self.edition), has_stations=first is not None, **kwargs)

    def post(self, request, slug: str):
        form = WalkInForm(request.POST, stations=walk_in_stations(edition=self.edition))
        done, made = form_submit(form, walk_in_register, edition=self.edition, by=request.user)
        if not done:
            return self.render_to_response(self.get_context_data(form=form))
        registration, checkin = made
        return self.render_to_response(self.get_context_data(registered=registration, checkin=checkin))
