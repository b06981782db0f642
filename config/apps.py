from django.contrib.admin.apps import AdminConfig


class OrganiserAdminConfig(AdminConfig):
    """The Django admin, behind allauth's login and the organisers' two-factor rule."""

    default_site = "config.admin_site.OrganiserAdminSite"
