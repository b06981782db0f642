"""The Django admin of the training programme; the attendance history is an audit trail, read-only there."""

from django.contrib import admin

from people.admin import ReadOnlyAdminMixin
from people.reach import REACH_COPY_FIELDS

from .models import AttendanceChange, AttendanceRecord, Cohort, Course, Enrollment, TrainingSession


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title_en", "hours", "min_attendance_percent", "has_assessment", "pass_mark"]
    search_fields = ["title_en", "title_km"]


class TrainingSessionInline(admin.TabularInline):
    model = TrainingSession
    extra = 0


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "course",
        "starts_on",
        "ends_on",
        "capacity",
        "is_open_for_enrolment",
        "completion_decided_at",
    ]
    list_filter = ["is_open_for_enrolment", "course"]
    search_fields = ["code"]
    list_select_related = ["course"]
    filter_horizontal = ["trainers"]
    inlines = [TrainingSessionInline]


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["user", "cohort", "organisation", "status", "assessment_score", "decided_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "user__family_name", "cohort__code", "organisation__name"]
    list_select_related = ["user", "cohort", "organisation"]
    raw_id_fields = ["user", "cohort", "organisation", "enrolled_by"]
    exclude = REACH_COPY_FIELDS  # written once for the reports (people.reach), never shown (forum.admin likewise)


@admin.register(AttendanceRecord)
class AttendanceRecordAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "session", "status", "updated_at", "updated_by"]
    list_filter = ["status"]
    list_select_related = ["enrollment__user", "enrollment__cohort", "session__cohort"]
    raw_id_fields = ["enrollment", "session", "updated_by"]


@admin.register(AttendanceChange)
class AttendanceChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The attendance history is an audit trail: readable, never edited here."""

    list_display = ["changed_at", "enrollment", "session", "old_status", "new_status", "how", "changed_by"]
    list_filter = ["how", "new_status"]
    search_fields = ["enrollment__user__email", "enrollment__user__family_name", "session__cohort__code"]
    list_select_related = ["enrollment__user", "enrollment__cohort", "session__cohort", "changed_by"]
    date_hierarchy = "changed_at"
