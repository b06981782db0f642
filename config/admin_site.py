from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from people.permissions import organiser_gate


class OrganiserAdminSite(admin.AdminSite):
    """Admin that only organisers with two-factor authentication can open.

    Logging in happens through allauth (so its rate limits and MFA stage apply);
    the admin's own login form is never shown.
    """

    site_header = _("ATF COP administration")
    site_title = _("ATF COP administration")

    def has_permission(self, request: HttpRequest) -> bool:
        return organiser_gate(request) is None and request.user.is_staff

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        response = organiser_gate(request)
        if response is not None:
            return response
        if not request.user.is_staff:
            raise Http404
        return super().login(request, extra_context)
