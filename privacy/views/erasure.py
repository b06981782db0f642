from django.http import Http404
from django.views import View

from people.permissions import MemberRequiredMixin


class EraseView(MemberRequiredMixin, View):
    def get(self, request):
        raise Http404
