from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from .models import Membership, Organisation, User


class ReadOnlyAdminMixin:
    """An admin that shows records and never adds, changes or deletes them: they are written by the services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    raw_id_fields = ["organisation", "confirmed_by"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "given_name", "family_name", "country", "language", "is_organiser", "is_active"]
    list_filter = ["is_organiser", "is_staff", "is_active", "language"]
    search_fields = ["email", "given_name", "family_name", "native_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Names"), {"fields": ("given_name", "family_name", "native_name")}),
        (_("Profile"), {"fields": ("language", "country", "position")}),
        (_("Roles"), {"fields": ("is_organiser", "is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "sector", "country", "is_verified"]
    list_filter = ["kind", "sector", "is_verified"]
    search_fields = ["name"]
    raw_id_fields = ["created_by"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "status", "is_focal_point"]
    list_filter = ["status", "is_focal_point"]
    list_select_related = ["user", "organisation"]
    raw_id_fields = ["user", "organisation", "confirmed_by"]


# The task queue without the tasks' arguments and return values: a queued e-mail's arguments are its rendered text,
# with the recipient's personal links (a guardian's consent link, an invitation), which no admin page shows.
admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    HIDDEN = ("args_kwargs", "return_value")

    def get_readonly_fields(self, request, obj=None):
        return [name for name in super().get_readonly_fields(request, obj) if name not in self.HIDDEN]
