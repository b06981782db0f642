"""A company's page for its focal point (and organisers): its people, their enrolments and certificates, the
two enrol forms, memberships to confirm, withdrawals."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from certificates.selectors import organisation_certificates
from people.permissions import MemberRequiredMixin

from ..errors import TrainingError
from ..figure_tables import company_tables
from ..forms.enrolment import EnrolMemberForm, EnrolNewPersonForm
from ..models import Enrollment
from ..permissions import FocalPointRequiredMixin
from ..selectors.company import (
    company_enrollments,
    company_members,
    company_pending_memberships,
    company_people,
    focal_point_organisations,
)
from ..selectors.figures import company_year_figures
from ..selectors.results import company_results
from ..services.enrolment import company_membership_confirm, enrollment_enrol_member, enrollment_withdraw
from ..services.invitations import company_enrol_by_email, normalise_email


def _enrolled(enrollment: Enrollment) -> str:
    return _("%(person)s is enrolled in %(cohort)s.") % {"person": enrollment.user, "cohort": enrollment.cohort.code}


class MyCompanyView(MemberRequiredMixin, View):
    def get(self, request):
        organisation = focal_point_organisations(user=request.user).first()
        if organisation is None:
            raise Http404
        return redirect("trainings:company", org_id=organisation.pk)


class CompanyView(FocalPointRequiredMixin, View):
    """A company's people, pending memberships, enrolments with attendance so far and completion, certificates."""

    def get(self, request, org_id: int):
        return self.render_page()

    def render_page(self, member_form=None, new_form=None):
        organisation = self.organisation
        figures = company_year_figures(organisation=organisation)
        context = {
            "figures": figures,
            "figure_tables": company_tables(figures),
            "organisation": organisation,
            "members": company_members(organisation=organisation),
            "pending": company_pending_memberships(organisation=organisation),
            "enrollments": company_enrollments(organisation=organisation),
            "certificates": organisation_certificates(organisation=organisation),
            "results": company_results(organisation=organisation),
            "other_organisations": focal_point_organisations(user=self.request.user).exclude(pk=organisation.pk),
            "member_form": member_form or EnrolMemberForm(organisation=organisation),
            "new_form": new_form or EnrolNewPersonForm(organisation=organisation),
        }
        return render(self.request, "trainings/company.html", context)


class CompanyEnrolMemberView(CompanyView):
    def post(self, request, org_id: int):
        form = EnrolMemberForm(request.POST, organisation=self.organisation)
        if form.is_valid():
            try:
                enrollment = enrollment_enrol_member(
                    cohort=form.cleaned_data["cohort"],
                    organisation=self.organisation,
                    user=form.cleaned_data["user"],
                    by=request.user,
                )
            except TrainingError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _enrolled(enrollment))
                return redirect("trainings:company", org_id=self.organisation.pk)
        return self.render_page(member_form=form)


class CompanyEnrolNewView(CompanyView):
    """Enrol by e-mail: the answer never tells whether the address has an account (trainings.services.invitations)."""

    def post(self, request, org_id: int):
        form = EnrolNewPersonForm(request.POST, organisation=self.organisation)
        if form.is_valid():
            data = form.cleaned_data
            try:
                enrollment = company_enrol_by_email(
                    cohort=data["cohort"],
                    organisation=self.organisation,
                    email=data["email"],
                    given_name=data["given_name"],
                    family_name=data["family_name"],
                    language=data["language"],
                    by=request.user,
                )
            except TrainingError as error:
                form.add_error(None, error.message)
            else:
                if enrollment is not None:
                    message = _enrolled(enrollment)
                else:
                    message = _(
                        "If %(email)s can be enrolled, an invitation to %(cohort)s is on its way. The person shows "
                        "here once they accept it."
                    ) % {"email": normalise_email(data["email"]), "cohort": data["cohort"].code}
                messages.success(request, message)
                return redirect("trainings:company", org_id=self.organisation.pk)
        return self.render_page(new_form=form)


class CompanyMembershipConfirmView(FocalPointRequiredMixin, View):
    def post(self, request, org_id: int, membership_id: int):
        membership = get_object_or_404(company_pending_memberships(organisation=self.organisation), pk=membership_id)
        company_membership_confirm(membership=membership, by=request.user)
        messages.success(request, _("%(person)s is now a confirmed member.") % {"person": membership.user})
        return redirect("trainings:company", org_id=self.organisation.pk)


class CompanyWithdrawView(FocalPointRequiredMixin, View):
    def post(self, request, org_id: int, enrollment_id: int):
        # Only the company's people (confirmed members, no minor) are the focal point's to manage.
        enrollment = get_object_or_404(
            Enrollment.objects.select_related("user", "cohort"),
            pk=enrollment_id,
            organisation=self.organisation,
            user__in=company_people(organisation=self.organisation).values("pk"),
        )
        try:
            enrollment_withdraw(enrollment=enrollment, by=request.user)
        except TrainingError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(person)s has been withdrawn from %(cohort)s.")
                % {"person": enrollment.user, "cohort": enrollment.cohort.code},
            )
        return redirect("trainings:company", org_id=self.organisation.pk)
