"""The organiser's certificates page of a cohort: who has a certificate, and issuing for chosen enrolments."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from people.errors import DomainError
from people.inputs import parse_id
from people.permissions import OrganiserRequiredMixin

from ..forms.certificates import EnrollmentCertificatesForm
from ..models import Cohort
from ..rules import certificate_is_due
from ..selectors.certificates import cohort_enrollments_with_certificates, training_template_exists
from ..services.certificates import cohort_certificates_issue


class CohortCertificatesView(OrganiserRequiredMixin, View):
    """GET: the cohort's enrolments with their certificate. POST: issue for the ticked enrolments."""

    def _cohort(self, pk: int) -> Cohort:
        return get_object_or_404(Cohort.objects.select_related("course"), pk=pk)

    def get(self, request, pk: int):
        cohort = self._cohort(pk)
        enrollments = cohort_enrollments_with_certificates(cohort=cohort)
        # By default, tick the enrolments whose certificate is due; "tick everyone" and "untick everyone" are plain
        # links (no JavaScript).
        tick = request.GET.get("tick")
        initial = [
            e.pk
            for e in enrollments
            if tick != "none"
            and ((tick == "all" and e.holds_place) or certificate_is_due(enrollment=e, certificate=e.certificate))
        ]
        form = EnrollmentCertificatesForm(enrollments=enrollments, initial={"enrollments": initial})
        return self.render_page(cohort, enrollments, form, selected=set(initial))

    def post(self, request, pk: int):
        cohort = self._cohort(pk)
        enrollments = cohort_enrollments_with_certificates(cohort=cohort)
        form = EnrollmentCertificatesForm(request.POST, enrollments=enrollments)
        if form.is_valid():
            try:
                outcome = cohort_certificates_issue(
                    cohort=cohort, enrollment_ids=form.cleaned_data["enrollments"], by=request.user
                )
            except DomainError as error:  # NotCertifiable, or the certificate could not be issued
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Certificates issued: %(issued)s. Already issued before: %(existing)s.")
                    % {"issued": len(outcome.issued), "existing": len(outcome.existing)},
                )
                return redirect("trainings_organiser:cohort_certificates", pk=cohort.pk)
        selected = {pk for pk in map(parse_id, request.POST.getlist("enrollments")) if pk is not None}
        return self.render_page(cohort, enrollments, form, selected=selected)

    def render_page(self, cohort, enrollments, form, selected):
        certificates = [e.certificate for e in enrollments if e.certificate is not None and e.certificate.is_valid]
        context = {
            "cohort": cohort,
            "enrollments": enrollments,
            "form": form,
            "selected": selected,
            "template_missing": not training_template_exists(),
            "valid_certificates": certificates,
        }
        return render(self.request, "trainings/organiser/certificates.html", context)
