"""What every forum page resolves first: the edition in the URL, for the public (published editions; organisers
also see drafts) or for organisers (any edition), and the forum's time zone for pages that read or show times."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from people.permissions import PublicMixin

from ..rules import registration_window
from ..selectors.editions import edition_get_for_organiser, edition_get_for_public


class EditionMixin:
    """Resolves `slug` to a published edition (404 otherwise; organisers also see unpublished ones)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.edition = None

    def get_edition(self):
        if self.edition is None:
            self.edition = edition_get_for_public(slug=self.kwargs["slug"], user=self.request.user)
        return self.edition

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated or isinstance(self, PublicMixin):
            self.get_edition()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["edition"] = self.get_edition()
        context["registration_state"] = registration_window(self.get_edition())
        return context


class EditionScopeMixin:
    """Resolves `slug` to an edition (published or not); 404 if there is none. Comes after OrganiserRequiredMixin
    in a view's bases, so it runs for organisers only."""

    def dispatch(self, request, *args, **kwargs):
        self.edition = edition_get_for_organiser(slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_edition(self):
        return self.edition

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["edition"] = self.edition
        return context


class EditionTimeZoneMixin(EditionScopeMixin):
    """An organiser page whose forms read and show times in the forum's time zone (GET and POST alike)."""

    def render_in_zone(self, handler, *args, **kwargs):
        with timezone.override(self.edition.zone):
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
