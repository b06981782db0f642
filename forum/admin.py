"""Admin for the forum models: for looking things up and fixing typos.

Decisions about seats (status, capacity, quotas) go through the organiser pages, which call the services that
lock the edition, write the history and e-mail the delegate; the admin therefore shows them read-only.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from people.admin import ReadOnlyAdminMixin
from people.reach import REACH_COPY_FIELDS

from .models import (
    AttendanceOverride,
    CountryQuota,
    ForumEdition,
    PolicyDocument,
    Registration,
    RegistrationEvent,
)


class CountryQuotaInline(admin.TabularInline):
    model = CountryQuota
    extra = 0
    readonly_fields = ["country", "seats"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class PolicyDocumentInline(admin.TabularInline):
    model = PolicyDocument
    extra = 0
    fields = ["kind", "version", "created_at"]
    readonly_fields = ["kind", "version", "created_at"]
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ForumEdition)
class ForumEditionAdmin(admin.ModelAdmin):
    list_display = ["title_en", "slug", "reference_prefix", "starts_on", "city", "capacity", "mode", "is_published"]
    list_filter = ["is_published", "mode", "country"]
    search_fields = ["title_en", "title_km", "slug", "reference_prefix", "city", "venue"]
    date_hierarchy = "starts_on"
    # How long personal data is kept is set on /organiser/privacy/ (privacy.retention.retention_days_set, refused
    # once an edition is anonymised).
    readonly_fields = ["capacity", "is_published", "personal_data_days", "created_at", "updated_at"]
    inlines = [CountryQuotaInline, PolicyDocumentInline]


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(admin.ModelAdmin):
    list_display = ["edition", "kind", "version", "created_at"]
    list_filter = ["kind", "edition"]
    list_select_related = ["edition"]
    search_fields = ["edition__title_en", "text_en", "text_km"]
    # A published version is what delegates agreed to: never edited (a change is a new version).
    readonly_fields = ["edition", "kind", "version", "text_en", "text_km", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(CountryQuota)
class CountryQuotaAdmin(admin.ModelAdmin):
    list_display = ["edition", "country", "seats"]
    list_filter = ["edition", "country"]
    list_select_related = ["edition"]
    readonly_fields = ["edition", "country", "seats"]

    def has_add_permission(self, request):
        return False


class RegistrationEventInline(admin.TabularInline):
    model = RegistrationEvent
    extra = 0
    fields = ["created_at", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields
    can_delete = False
    ordering = ["created_at", "pk"]

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["reference", "user", "edition", "status", "category", "country", "is_youth", "created_at"]
    list_filter = ["edition", "status", "category", "is_youth", "needs_visa_letter", "country"]
    list_select_related = ["edition", "user"]
    search_fields = ["user__email", "user__given_name", "user__family_name", "organisation__name", "number"]
    raw_id_fields = ["user", "organisation"]
    # The copy kept for the reports (people.reach) is written once by its service; a person's sex or age band is
    # never shown on a page, this one included.
    exclude = REACH_COPY_FIELDS
    readonly_fields = [
        "edition",
        "number",
        "status",
        "code_of_conduct",
        "privacy_notice",
        "created_at",
        "updated_at",
        "status_changed_at",
    ]
    # Passport details are shown on the organisers' registration page only, where each showing is written to the
    # access log (people.access); the admin does not show them.
    inlines = [RegistrationEventInline]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("reference"), ordering="number")
    def reference(self, obj):
        return obj.reference


@admin.register(RegistrationEvent)
class RegistrationEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["registration", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["to_status", "registration__edition"]
    list_select_related = ["registration__edition", "actor"]
    search_fields = ["registration__user__email", "reason"]
    readonly_fields = ["registration", "from_status", "to_status", "actor", "reason", "created_at"]


@admin.register(AttendanceOverride)
class AttendanceOverrideAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The history of organisers' attendance overrides: read-only, like every audit trail (the organiser's pages
    record and remove them, forum.services.attendance)."""

    list_display = ["registration", "created_by", "created_at", "removed_by", "removed_at"]
    list_filter = ["registration__edition"]
    list_select_related = ["registration__edition", "created_by", "removed_by"]
    search_fields = ["registration__user__email", "reason", "removal_reason"]
    readonly_fields = [
        "registration",
        "reason",
        "created_by",
        "created_at",
        "removed_by",
        "removed_at",
        "removal_reason",
    ]
