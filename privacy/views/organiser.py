from django.http import Http404
from django.views import View

from people.permissions import OrganiserRequiredMixin


class RetentionView(OrganiserRequiredMixin, View):
    def get(self, request):
        raise Http404


class AccessLogView(OrganiserRequiredMixin, View):
    def get(self, request):
        raise Http404
