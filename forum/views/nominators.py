"""The organisers' nominations (forum.services.nominations): to be built (helper C)."""

from django.http import Http404
from django.views import View

from people.permissions import OrganiserRequiredMixin


class _Todo(OrganiserRequiredMixin, View):
    def dispatch(self, request, *args, **kwargs):
        raise Http404


NominationsView = NominatorEditView = NominatorRemoveView = _Todo
