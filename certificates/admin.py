from django.contrib import admin

from people.admin import ReadOnlyAdminMixin

from .models import Certificate, CertificateTemplate, CertificateTemplateVersion, Signatory, TemplateSignatory


class TemplateSignatoryInline(admin.TabularInline):
    model = TemplateSignatory
    extra = 0


@admin.register(Signatory)
class SignatoryAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "organisation_name"]
    search_fields = ["name"]


@admin.register(CertificateTemplate)
class CertificateTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "kind", "created_at"]
    list_filter = ["kind"]


@admin.register(CertificateTemplateVersion)
class CertificateTemplateVersionAdmin(admin.ModelAdmin):
    """Read-only: a version is never changed once it exists (editing makes a new one in the organiser console)."""

    list_display = ["template", "version", "created_at"]
    inlines = [TemplateSignatoryInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: issue, revoke and reissue go through the services (organiser console)."""

    list_display = ["serial", "recipient_name_latin", "kind", "status", "issued_at"]
    list_filter = ["kind", "status"]
    search_fields = ["serial", "code", "recipient_name_latin", "recipient_name_native", "recipient_email"]
    list_select_related = ["template_version__template"]
