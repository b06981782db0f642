"""The organiser's live attendance page of a forum day (checked in by band, country and category, the no-shows,
the sessions' room doors; its figures refresh without reloading the page), the check-in exports of a day and of a
session, and the delegates' attendance export. Organisers only: nobody else sees another person's check-ins."""

from __future__ import annotations

from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from people.access import sheet_revealed
from people.permissions import OrganiserRequiredMixin

from ..exports.attendance import checkin_header, checkin_rows, delegates_header, delegates_rows
from ..forms.attendance import AttendanceDayForm
from ..selectors.attendance import (
    attendance_day,
    attendance_day_default,
    day_checkins_for_export,
    delegates_attendance,
    no_shows,
    session_checkins_for_export,
    sessions_attendance,
)
from ..selectors.programme import session_of_edition
from .mixins import EditionScopeMixin

# How often the page asks for fresh figures (htmx), in seconds.
REFRESH_SECONDS = 30


class _DayMixin(EditionScopeMixin):
    def day_form(self) -> AttendanceDayForm:
        data = self.request.GET if "day" in self.request.GET else None
        return AttendanceDayForm(data, days=self.edition.days, initial={"day": self.default_day().isoformat()})

    def default_day(self):
        return attendance_day_default(self.edition)


class AttendanceView(OrganiserRequiredMixin, _DayMixin, TemplateView):
    """A day's attendance (today in the forum's time zone unless another of its days is chosen; a day that is not
    one of them is an error beside the field). htmx asks for the `figures` fragment every REFRESH_SECONDS."""

    template_name = "forum/organiser/attendance.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request") == "true":
            return [f"{self.template_name}#figures"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        form = self.day_form()
        day = form.cleaned_data["day"] if form.is_bound and form.is_valid() else self.default_day()
        return super().get_context_data(
            form=form,
            day=day,
            figures=attendance_day(edition=self.edition, day=day),
            no_shows=list(no_shows(edition=self.edition, day=day)),
            sessions=sessions_attendance(edition=self.edition, day=day),
            refresh_seconds=REFRESH_SECONDS,
            **kwargs,
        )


class AttendanceExportView(OrganiserRequiredMixin, _DayMixin, View):
    """Every scan of a day at the day doors, as CSV or XLSX (`?day=`, else the page's default day; a day that is
    not one of the forum's: 404)."""

    def get(self, request, slug: str, fmt: str):
        form = self.day_form()
        if form.is_bound and not form.is_valid():
            raise Http404
        day = form.cleaned_data["day"] if form.is_bound else self.default_day()
        rows = checkin_rows(day_checkins_for_export(edition=self.edition, day=day), edition=self.edition)
        filename = f"{self.edition.slug}-checkins-{day.isoformat()}"
        subject = _("Check-ins of %(edition)s on %(day)s") % {"edition": self.edition, "day": date_format(day)}
        header, title = checkin_header(self.edition), _("Check-ins")
        return sheet_revealed(request, fmt, filename=filename, header=header, rows=rows, title=title, subject=subject)


class SessionAttendanceExportView(OrganiserRequiredMixin, EditionScopeMixin, View):
    """Every scan at one session's room door, as CSV or XLSX (another edition's session: 404)."""

    def get(self, request, slug: str, pk: int, fmt: str):
        session = session_of_edition(edition=self.edition, pk=pk)
        rows = checkin_rows(session_checkins_for_export(session=session), edition=self.edition)
        filename = f"{self.edition.slug}-session-{session.pk}-checkins"
        subject = _("Check-ins at %(session)s, %(edition)s") % {"session": session.title, "edition": self.edition}
        header, title = checkin_header(self.edition), _("Check-ins")
        return sheet_revealed(request, fmt, filename=filename, header=header, rows=rows, title=title, subject=subject)


class AttendanceDelegatesExportView(OrganiserRequiredMixin, EditionScopeMixin, View):
    """Every approved delegate's attendance (days checked in, override, attended), as CSV or XLSX."""

    def get(self, request, slug: str, fmt: str):
        registrations, days = delegates_attendance(edition=self.edition)
        rows = delegates_rows(registrations, days, edition=self.edition)
        filename = f"{self.edition.slug}-attendance"
        subject = _("Attendance of the delegates of %(edition)s") % {"edition": self.edition}
        header, title = delegates_header(self.edition), _("Attendance")
        return sheet_revealed(request, fmt, filename=filename, header=header, rows=rows, title=title, subject=subject)
