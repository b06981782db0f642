"""Placeholder views, replaced by the helper building this slice."""

from django.http import Http404
from django.views import View

from people.permissions import PublicMixin


class _Todo(PublicMixin, View):
    def dispatch(self, request, *args, **kwargs):
        raise Http404


ReportView = FollowUpView = CaseListView = CaseDetailView = CaseStatusView = CaseOwnerView = _Todo
CaseEntryView = ActionDoneView = AttachmentView = AccessLogView = _Todo
SafeguardingSettingsView = OfficerRemoveView = ContactsView = _Todo
