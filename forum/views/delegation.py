"""A nominator's delegation (forum.services.nominations): to be built (helper A)."""

from django.http import Http404
from django.views import View

from people.permissions import MemberRequiredMixin


class _Todo(MemberRequiredMixin, View):
    action = ""

    def dispatch(self, request, *args, **kwargs):
        raise Http404


DelegationView = DelegationPasteView = NominationActionView = NominationReplaceView = _Todo
