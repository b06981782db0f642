"""The organisers' nominations of a forum edition: per country against its quota, the nominators and what their
delegations did (forum.selectors.nominations.nominations_overview), naming a nominator, changing one and removing
one (forum.services.nominators). Organisers with two-factor only (404 for everyone else). Deadlines are read and
shown in the forum's time zone.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from people.errors import action_done, form_submit
from people.permissions import OrganiserRequiredMixin

from ..forms.nominators import NominatorForm
from ..models import Nominator
from ..selectors.nominations import nominations_overview
from ..services.nominators import nominator_remove, nominator_save
from .mixins import EditionScopeMixin, EditionTimeZoneMixin


def _named(nominator: Nominator) -> dict:
    """What a message says of a nominator."""
    return {
        "person": nominator.user.get_full_name() or nominator.user.email,
        "delegation": nominator.delegation_name,
        "places": nominator.places,
    }


class _NominatorMixin:
    def get_nominator(self) -> Nominator:
        """One nominator of this edition (404 for any other)."""
        return get_object_or_404(
            Nominator.objects.select_related("user", "organisation"), edition=self.edition, pk=self.kwargs["pk"]
        )


class NominationsView(OrganiserRequiredMixin, EditionTimeZoneMixin, TemplateView):
    """GET: every country with a quota, a seat or a nominator, its nominators and their delegations, and the form
    that names a nominator; POST: named, or the refusal beside its field with the input kept."""

    template_name = "forum/organiser/nominations.html"

    def form(self, data=None) -> NominatorForm:
        return NominatorForm(data, edition=self.edition, submit=_("Name the nominator"))

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.form())
        seats, countries = nominations_overview(edition=self.edition)
        return super().get_context_data(seats=seats, countries=countries, **kwargs)

    def handle_post(self, request, slug: str):
        if not self.edition.takes_nominations:
            return redirect("forum_organiser:nominations", slug=slug)
        form = self.form(request.POST)
        done, nominator = form_submit(form, nominator_save, edition=self.edition, by=request.user)
        if not done:
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(
            request, _("%(person)s nominates for %(delegation)s, with %(places)s places.") % _named(nominator)
        )
        return redirect("forum_organiser:nominations", slug=slug)


class NominatorEditView(OrganiserRequiredMixin, _NominatorMixin, EditionTimeZoneMixin, TemplateView):
    """GET: the nominator's form; POST: changed, or the refusal beside its field with the input kept."""

    template_name = "forum/organiser/nominator_edit.html"

    def form(self, data=None, *, nominator: Nominator) -> NominatorForm:
        return NominatorForm(
            data, edition=self.edition, submit=_("Save the nominator"), initial=NominatorForm.initial_of(nominator)
        )

    def get_context_data(self, **kwargs):
        nominator = kwargs.setdefault("nominator", self.get_nominator())
        kwargs.setdefault("form", self.form(nominator=nominator))
        return super().get_context_data(**kwargs)

    def handle_post(self, request, slug: str, pk: int):
        nominator = self.get_nominator()
        form = self.form(request.POST, nominator=nominator)
        done, saved = form_submit(form, nominator_save, edition=self.edition, by=request.user, nominator=nominator)
        if not done:
            return self.render_to_response(self.get_context_data(form=form, nominator=nominator))
        messages.success(
            request, _("%(person)s now nominates for %(delegation)s, with %(places)s places.") % _named(saved)
        )
        return redirect("forum_organiser:nominations", slug=slug)


class NominatorRemoveView(OrganiserRequiredMixin, _NominatorMixin, EditionScopeMixin, TemplateView):
    """POST: the nominator is removed (their open invitations withdrawn), or the refusal when people of their
    delegation registered."""

    http_method_names = ["post"]

    def post(self, request, slug: str, pk: int):
        nominator = self.get_nominator()
        action_done(
            request,
            nominator_remove,
            _("%(person)s no longer nominates for %(delegation)s; their open invitations are withdrawn.")
            % _named(nominator),
            nominator=nominator,
            by=request.user,
        )
        return redirect("forum_organiser:nominations", slug=slug)
