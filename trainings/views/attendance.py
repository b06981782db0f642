"""The roll-call of a session for its trainers and organisers: marks (JSON, and a form without JavaScript), the lock
and an organiser's unlock, the history, the printable sheet, and the cohort's attendance exports."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from documents import exports
from documents.render import pdf_response, render_pdf
from people.access import Kind, reveal_record, sheet_revealed
from people.inputs import json_loads, parse_id
from people.permissions import is_organiser, organiser_gate

from ..errors import InvalidMark, TrainingError
from ..models import AttendanceChange, AttendanceRecord
from ..permissions import SessionOrganiserMixin, SessionStaffMixin, can_take_attendance, is_cohort_trainer
from ..rules import counts_as_attended
from ..selectors import attendance as selectors
from ..services import attendance as services
from ..services import checkin


def _rollcall_url(session) -> str:
    return reverse("trainings:attendance", args=[session.pk])


def _lock(session, now=None) -> dict:
    """What the roll-call and the history say of the lock: whether it holds, when it comes, a running unlock."""
    now = now or timezone.now()
    unlock = selectors.session_unlock(session=session)
    return {
        "locked": services.attendance_is_locked(session=session, unlock=unlock, now=now),
        "locks_at": services.attendance_locks_at(session),
        "unlock": unlock if unlock and unlock.until > now else None,
    }


@method_decorator(never_cache, name="dispatch")
class RollCallView(SessionStaffMixin, View):
    def get(self, request, pk: int):
        session = self.session
        now = timezone.now()
        rows = selectors.rollcall_rows(session=session)
        context = {
            "session": session,
            "cohort": session.cohort,
            "rows": rows,
            "marked": sum(1 for row in rows if row.record is not None),
            **_lock(session, now),
            "checkin_open": checkin.checkin_is_open(session, now),
            "is_organiser": is_organiser(request.user),
            "late_counts": counts_as_attended(AttendanceRecord.Status.LATE, session.cohort.course),
        }
        return render(request, "trainings/attendance/rollcall.html", context)


class RollCallFormMarkView(SessionStaffMixin, View):
    """The roll-call without JavaScript: one button press, one form post, back to the list."""

    def post(self, request, pk: int):
        try:
            if "all_present" in request.POST:
                count = services.attendance_mark_all_present(
                    session=self.session, by=request.user, how=AttendanceChange.How.FORM
                )
                messages.success(request, _("%(count)s people marked present.") % {"count": count})
            else:
                raw_id, _sep, status = request.POST.get("mark", "").partition(":")
                enrollment_id = parse_id(raw_id)
                if enrollment_id is None:
                    raise InvalidMark
                services.attendance_mark(
                    session=self.session, enrollment_id=enrollment_id, status=status, by=request.user
                )
                return redirect(_rollcall_url(self.session) + f"#row-{enrollment_id}")
        except TrainingError as error:
            messages.error(request, error.message)
        return redirect(_rollcall_url(self.session))


class RollCallMarksView(SessionStaffMixin, View):
    """Marks from the roll-call page as JSON: {"marks": [{"id", "enrollment", "status", "at", "offline"}]}.

    Answers {"results": [{"id", "enrollment", "outcome", "status", "message"}], "locked": bool}; a mark that
    cannot be read makes the whole request a 400 (the page then drops it rather than resending it forever).
    """

    def post(self, request, pk: int):
        try:
            payload = json_loads(request.body or b"{}")
            raw_marks = payload["marks"] if isinstance(payload, dict) else None
            if not isinstance(raw_marks, list):
                raise InvalidMark
            marks = [services.mark_from_data(item) for item in raw_marks]
            results = services.attendance_marks_apply(session=self.session, marks=marks, by=request.user)
        except (ValueError, KeyError, TrainingError) as error:
            message = error.message if isinstance(error, TrainingError) else _("This mark could not be read.")
            return JsonResponse({"error": str(message)}, status=400)
        return JsonResponse(
            {
                "results": [
                    {
                        "id": str(result.mark_id),
                        "enrollment": result.enrollment_id,
                        "outcome": result.outcome,
                        "status": result.status,
                        "message": result.message,
                    }
                    for result in results
                ],
                "locked": any(result.outcome == "refused" and result.message for result in results)
                and services.attendance_is_locked(session=self.session),
            }
        )


class HistoryView(SessionOrganiserMixin, View):
    def get(self, request, pk: int):
        session = self.session
        context = {
            "session": session,
            "cohort": session.cohort,
            "changes": selectors.session_history(session=session),
            **_lock(session),
        }
        return render(request, "trainings/attendance/history.html", context)


class UnlockView(SessionOrganiserMixin, View):
    def post(self, request, pk: int):
        unlock = services.attendance_unlock(session=self.session, by=request.user)
        messages.success(
            request,
            _("Attendance is open to trainers until %(until)s.")
            % {"until": date_format(timezone.localtime(unlock.until), "SHORT_DATETIME_FORMAT")},
        )
        return redirect(_rollcall_url(self.session))


class RelockView(SessionOrganiserMixin, View):
    def post(self, request, pk: int):
        services.attendance_relock(session=self.session)
        messages.success(request, _("The unlock has ended."))
        return redirect(_rollcall_url(self.session))


class SheetView(SessionStaffMixin, View):
    """A printable attendance sheet: names (as written in their script too), company, a signature column."""

    def get(self, request, pk: int):
        session = self.session
        context = {
            "session": session,
            "cohort": session.cohort,
            "course": session.cohort.course,
            "rows": selectors.rollcall_rows(session=session),
            "printed_at": timezone.now(),
        }
        language = request.LANGUAGE_CODE if request.LANGUAGE_CODE in dict(settings.LANGUAGES) else "en"
        pdf = render_pdf("trainings/attendance/sheet_pdf.html", context, language=language)
        when = date_format(timezone.localtime(session.starts_at), "SHORT_DATETIME_FORMAT")
        subject = _("Attendance sheet of %(session)s, %(when)s (PDF)") % {"session": session, "when": when}
        reveal_record(by=request.user, kind=Kind.EXPORT, subject=subject, people=len(context["rows"]))
        filename = exports.safe_filename(f"attendance-{session.cohort.code}-{session.starts_at:%Y%m%d-%H%M}.pdf")
        return pdf_response(pdf, filename, inline=True)


class CohortExportView(LoginRequiredMixin, View):
    """The cohort's attendance, one row per person and one column per session, as CSV or XLSX."""

    kind = "csv"

    def get(self, request, pk: int):
        cohort = selectors.cohort_for_staff(pk=pk)
        if not can_take_attendance(request.user, cohort):
            raise Http404
        if not is_cohort_trainer(request.user, cohort):  # an organiser, who must have passed two-factor
            response = organiser_gate(request)
            if response is not None:
                return response
        sessions, rows = selectors.cohort_attendance_table(cohort=cohort)
        labels = dict(AttendanceRecord.Status.choices)
        header = [_("Family name"), _("Given name"), _("Name in own script"), _("E-mail"), _("Company"), _("Status")]
        header += [f"{timezone.localtime(s.starts_at):%Y-%m-%d %H:%M} {s.topic}" for s in sessions]
        header += [_("Attended")]
        body = []
        for enrollment, statuses, attended in rows:
            user = enrollment.user
            body.append(
                [
                    user.family_name,
                    user.given_name,
                    user.native_name,
                    user.email,
                    enrollment.organisation.name if enrollment.organisation else "",
                    enrollment.get_status_display(),
                    *[str(labels.get(status, "")) for status in statuses],
                    attended,
                ]
            )
        subject, title = _("Attendance of cohort %(cohort)s") % {"cohort": cohort.code}, _("Attendance")
        filename = f"attendance-{cohort.code}"
        return sheet_revealed(
            request, self.kind, filename=filename, header=header, rows=body, title=title, subject=subject
        )
