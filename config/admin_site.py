from django import forms
from django.contrib import admin
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from people import inputs
from people.permissions import organiser_gate


class OrganiserAdminSite(admin.AdminSite):
    """Admin that only organisers with two-factor authentication can open.

    Logging in happens through allauth (so its rate limits and MFA stage apply);
    the admin's own login form is never shown.
    """

    site_header = _("ATF COP administration")
    site_title = _("ATF COP administration")

    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, admin_class, **options)
        for model_admin in self._registry.values():
            _bound_dates(model_admin)

    def has_permission(self, request: HttpRequest) -> bool:
        return organiser_gate(request) is None and request.user.is_staff

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        response = organiser_gate(request)
        if response is not None:
            return response
        if not request.user.is_staff:
            raise Http404
        return super().login(request, extra_context)


def _bound_dates(model_admin: admin.ModelAdmin) -> None:
    """Dates typed in the admin keep the site's bounds too (people.inputs): year 1 overflowed when saved."""
    for model_field, django_class, form_class in (
        (models.DateTimeField, forms.SplitDateTimeField, inputs.SplitDateTimeField),
        (models.DateField, forms.DateField, inputs.DateField),
    ):
        override = model_admin.formfield_overrides.setdefault(model_field, {})
        if override.get("form_class", django_class) is django_class:  # Django's default, not a ModelAdmin's own
            override["form_class"] = form_class
