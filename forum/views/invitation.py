"""A nominee's personal link (forum.services.nominations): to be built (helper B)."""

from django.http import Http404
from django.views import View

from people.permissions import PublicMixin


class InvitationView(PublicMixin, View):
    def dispatch(self, request, *args, **kwargs):
        raise Http404
