"""The organiser's certificates pages of a forum edition: participation (the approved delegates who attended: days
checked in at the doors, or an organiser's override, decided by forum.selectors.attendance.with_attendance), a
delegate's attendance override with its history, and speakers. Organisers only (404 for everyone else); youth
delegates' names are shown here.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from people.errors import DomainError, form_submit
from people.inputs import parse_id
from people.permissions import OrganiserRequiredMixin

from ..forms.certificates import (
    AttendanceOverrideForm,
    AttendanceOverrideRemoveForm,
    AttendedDelegatesForm,
    SpeakersForm,
)
from ..selectors.attendance import attendance_overrides, attendance_registration
from ..selectors.certificates import approved_delegates_with_certificates, speakers_with_certificates
from ..selectors.editions import edition_get_for_organiser
from ..services.attendance import attendance_override_grant, attendance_override_remove
from ..services.certificates import participation_certificates_issue, speaker_certificates_issue


def _selected(request, name: str) -> set[int]:
    return {pk for pk in map(parse_id, request.POST.getlist(name)) if pk is not None}


def _issued_message(request, outcome) -> None:
    messages.success(
        request,
        _("Certificates issued: %(issued)s. Already issued before: %(existing)s.")
        % {"issued": len(outcome.issued), "existing": len(outcome.existing)},
    )


class _EditionCertificatesView(OrganiserRequiredMixin, View):
    template_name = ""
    form_class = None
    url_name = ""

    def rows(self, edition) -> list:
        raise NotImplementedError

    def choices(self, rows) -> list[tuple[int, str]]:
        raise NotImplementedError

    def issue(self, *, edition, ids, by):
        raise NotImplementedError

    def ticked_first(self, rows) -> set[int]:
        """What the page ticks when it opens (nothing, unless a page says otherwise)."""
        return set()

    def get(self, request, slug: str):
        edition = edition_get_for_organiser(slug=slug)
        rows = self.rows(edition)
        choices = self.choices(rows)
        form = self.form_class(choices=choices)
        # "Tick everyone" is a plain link (no JavaScript): the organiser then unticks who did not come.
        tick = request.GET.get("tick")
        selected = {pk for pk, _label in choices} if tick == "all" else set() if tick == "none" else None
        return self.render_page(edition, rows, form, selected=self.ticked_first(rows) if selected is None else selected)

    def post(self, request, slug: str):
        edition = edition_get_for_organiser(slug=slug)
        rows = self.rows(edition)
        form = self.form_class(request.POST, choices=self.choices(rows))
        if form.is_valid():
            try:
                outcome = self.issue(edition=edition, ids=form.cleaned_data[form.field_name], by=request.user)
            except DomainError as error:  # the forum's rules, or certificates' (no template...)
                form.add_error(None, error.message)
            else:
                _issued_message(request, outcome)
                return redirect(self.url_name, slug=edition.slug)
        return self.render_page(edition, rows, form, selected=_selected(request, form.field_name))

    def render_page(self, edition, rows, form, selected):
        context = {
            "edition": edition,
            "rows": rows,
            "form": form,
            "errors": [*form.non_field_errors(), *form.errors.get(form.field_name, [])],
            "selected": selected,
            "can_issue": bool(self.choices(rows)),
            "valid_certificates": [r.certificate for r in rows if r.certificate is not None and r.certificate.is_valid],
        }
        return render(self.request, self.template_name, context)


class ParticipationCertificatesView(_EditionCertificatesView):
    """Approved delegates with their days checked in and overrides; those who attended have a checkbox (ticked when
    they have no valid certificate yet), and issuing gives the ticked ones a participation certificate."""

    template_name = "forum/organiser/certificates.html"
    form_class = AttendedDelegatesForm
    url_name = "forum_organiser:certificates"

    def rows(self, edition):
        return approved_delegates_with_certificates(edition=edition)

    def choices(self, rows):
        return [(registration.pk, str(registration.pk)) for registration in rows if registration.attended]

    def ticked_first(self, rows):
        return {
            registration.pk
            for registration in rows
            if registration.attended and not (registration.certificate and registration.certificate.is_valid)
        }

    def issue(self, *, edition, ids, by):
        return participation_certificates_issue(edition=edition, registration_ids=ids, by=by)


class SpeakerCertificatesView(_EditionCertificatesView):
    """Session speakers (delegates or invited guests); issuing gives the ticked ones a speaker certificate."""

    template_name = "forum/organiser/certificates_speakers.html"
    form_class = SpeakersForm
    url_name = "forum_organiser:certificates_speakers"

    def rows(self, edition):
        return speakers_with_certificates(edition=edition)

    def choices(self, rows):
        return [(speaker.pk, str(speaker.pk)) for speaker in rows if speaker.may_receive_certificate]

    def issue(self, *, edition, ids, by):
        return speaker_certificates_issue(edition=edition, speaker_ids=ids, by=by)


class AttendanceOverrideView(OrganiserRequiredMixin, View):
    """One approved delegate's attendance: days checked in, the override and its history; an organiser marks them
    as having attended (a reason required) or takes the override back. 404 for a registration that is not an
    approved one of the edition."""

    template_name = "forum/organiser/attendance_override.html"

    def registration(self, slug: str, pk: int):
        edition = edition_get_for_organiser(slug=slug)
        registration = attendance_registration(edition=edition, pk=pk)
        if registration is None:
            raise Http404
        return edition, registration

    def get(self, request, slug: str, pk: int):
        edition, registration = self.registration(slug, pk)
        return self.render_page(edition, registration, AttendanceOverrideForm(), AttendanceOverrideRemoveForm())

    def post(self, request, slug: str, pk: int):
        edition, registration = self.registration(slug, pk)
        grant, remove = AttendanceOverrideForm(), AttendanceOverrideRemoveForm()
        if request.POST.get("action") == "remove":
            remove = AttendanceOverrideRemoveForm(request.POST)
            done, _result = form_submit(remove, self.remove, registration=registration, by=request.user)
            message = _("The override is removed: attendance follows the check-ins again.")
        else:
            grant = AttendanceOverrideForm(request.POST)
            done, _result = form_submit(grant, attendance_override_grant, registration=registration, by=request.user)
            message = _("%(person)s is marked as having attended.") % {"person": registration.user}
        if done:
            messages.success(request, message)
            return redirect("forum_organiser:certificates", slug=edition.slug)
        return self.render_page(edition, registration, grant, remove, status=400)

    @staticmethod
    def remove(*, registration, by, removal_reason):
        return attendance_override_remove(registration=registration, reason=removal_reason, by=by)

    def render_page(self, edition, registration, grant, remove, status=200):
        context = {
            "edition": edition,
            "registration": registration,
            "form": grant,
            "remove_form": remove,
            "history": attendance_overrides(registration=registration),
        }
        return render(self.request, self.template_name, context, status=status)
