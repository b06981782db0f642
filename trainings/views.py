from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from certificates.selectors import organisation_certificates
from people.models import Membership
from people.permissions import MemberRequiredMixin, PublicMixin

from . import selectors, services
from .forms import EnrolMemberForm, EnrolNewPersonForm, SelfEnrolForm
from .models import Enrollment
from .permissions import FocalPointRequiredMixin, TrainerRequiredMixin

# --- Public pages -------------------------------------------------------------------------------------------


class CatalogueView(PublicMixin, TemplateView):
    template_name = "trainings/catalogue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["courses"] = selectors.course_catalogue()
        if self.request.user.is_authenticated:
            context["my_enrollments"] = selectors.user_enrollments(user=self.request.user)
        return context


def _cohort_page(request, cohort_id: int, form=None, status: int = 200):
    cohort = selectors.cohort_get(pk=cohort_id)
    enrollment = selectors.enrollment_of(cohort=cohort, user=request.user)
    can_enrol = cohort.enrolment_is_open() and (enrollment is None or not enrollment.holds_place)
    if form is None and can_enrol and request.user.is_authenticated:
        form = SelfEnrolForm(cohort=cohort, user=request.user)
    sessions = list(cohort.sessions.all())
    if enrollment is not None:
        for session in sessions:
            session.my_record = enrollment.status_by_session.get(session.pk)
    context = {
        "cohort": cohort,
        "course": cohort.course,
        "sessions": sessions,
        "enrollment": enrollment,
        "can_enrol": can_enrol,
        "form": form,
    }
    return render(request, "trainings/cohort_detail.html", context, status=status)


class CohortDetailView(PublicMixin, View):
    def get(self, request, pk: int):
        return _cohort_page(request, pk)


class CohortEnrolView(MemberRequiredMixin, View):
    """A logged-in person enrols themselves, naming their company (or none)."""

    def post(self, request, pk: int):
        cohort = selectors.cohort_get(pk=pk)
        form = SelfEnrolForm(request.POST, cohort=cohort, user=request.user)
        if form.is_valid():
            try:
                services.enrollment_self_enrol(
                    cohort=cohort, user=request.user, organisation=form.cleaned_data["organisation"]
                )
            except services.TrainingError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("You are enrolled in %(cohort)s.") % {"cohort": cohort.code})
                return redirect("trainings:cohort", pk=cohort.pk)
        return _cohort_page(request, pk, form=form)


class CohortWithdrawView(MemberRequiredMixin, View):
    def post(self, request, pk: int):
        enrollment = get_object_or_404(Enrollment, cohort_id=pk, user=request.user)
        try:
            services.enrollment_withdraw(enrollment=enrollment, by=request.user)
        except services.TrainingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("You have withdrawn; your place is free for someone else."))
        return redirect("trainings:cohort", pk=pk)


# --- Trainers -----------------------------------------------------------------------------------------------


class MySessionsView(TrainerRequiredMixin, TemplateView):
    template_name = "trainings/my_sessions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["groups"] = selectors.trainer_sessions(user=self.request.user)
        return context


# --- Company focal points -----------------------------------------------------------------------------------


class MyCompanyView(MemberRequiredMixin, View):
    def get(self, request):
        organisation = selectors.focal_point_organisations(user=request.user).first()
        if organisation is None:
            raise Http404
        return redirect("trainings:company", org_id=organisation.pk)


class CompanyView(FocalPointRequiredMixin, View):
    """A company's people, pending memberships, enrolments with attendance so far and completion, certificates."""

    def get(self, request, org_id: int):
        return self.render_page()

    def render_page(self, member_form=None, new_form=None):
        organisation = self.organisation
        context = {
            "organisation": organisation,
            "members": selectors.company_members(organisation=organisation),
            "pending": selectors.company_pending_memberships(organisation=organisation),
            "enrollments": selectors.company_enrollments(organisation=organisation),
            "certificates": organisation_certificates(organisation=organisation),
            "other_organisations": selectors.focal_point_organisations(user=self.request.user).exclude(
                pk=organisation.pk
            ),
            "member_form": member_form or EnrolMemberForm(organisation=organisation),
            "new_form": new_form or EnrolNewPersonForm(organisation=organisation),
        }
        return render(self.request, "trainings/company.html", context)


class CompanyEnrolMemberView(CompanyView):
    def post(self, request, org_id: int):
        form = EnrolMemberForm(request.POST, organisation=self.organisation)
        if form.is_valid():
            try:
                enrollment = services.enrollment_enrol_member(
                    cohort=form.cleaned_data["cohort"],
                    organisation=self.organisation,
                    user=form.cleaned_data["user"],
                    by=request.user,
                )
            except services.TrainingError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("%(person)s is enrolled in %(cohort)s.")
                    % {"person": enrollment.user, "cohort": enrollment.cohort.code},
                )
                return redirect("trainings:company", org_id=self.organisation.pk)
        return self.render_page(member_form=form)


class CompanyEnrolNewView(CompanyView):
    def post(self, request, org_id: int):
        form = EnrolNewPersonForm(request.POST, organisation=self.organisation)
        if form.is_valid():
            data = form.cleaned_data
            try:
                enrollment = services.enrollment_enrol_new_person(
                    cohort=data["cohort"],
                    organisation=self.organisation,
                    email=data["email"],
                    given_name=data["given_name"],
                    family_name=data["family_name"],
                    language=data["language"],
                    by=request.user,
                )
            except services.TrainingError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("%(person)s is enrolled in %(cohort)s.")
                    % {"person": enrollment.user, "cohort": enrollment.cohort.code},
                )
                return redirect("trainings:company", org_id=self.organisation.pk)
        return self.render_page(new_form=form)


class CompanyMembershipConfirmView(FocalPointRequiredMixin, View):
    def post(self, request, org_id: int, membership_id: int):
        membership = get_object_or_404(
            Membership, pk=membership_id, organisation=self.organisation, status=Membership.Status.PENDING
        )
        services.company_membership_confirm(membership=membership, by=request.user)
        messages.success(request, _("%(person)s is now a confirmed member.") % {"person": membership.user})
        return redirect("trainings:company", org_id=self.organisation.pk)


class CompanyWithdrawView(FocalPointRequiredMixin, View):
    def post(self, request, org_id: int, enrollment_id: int):
        # Only the company's confirmed members are the focal point's to manage.
        enrollment = get_object_or_404(
            Enrollment.objects.select_related("user", "cohort"),
            pk=enrollment_id,
            organisation=self.organisation,
            user__memberships__organisation=self.organisation,
            user__memberships__status=Membership.Status.CONFIRMED,
        )
        try:
            services.enrollment_withdraw(enrollment=enrollment, by=request.user)
        except services.TrainingError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(person)s has been withdrawn from %(cohort)s.")
                % {"person": enrollment.user, "cohort": enrollment.cohort.code},
            )
        return redirect("trainings:company", org_id=self.organisation.pk)


# --- Invitations --------------------------------------------------------------------------------------------


@method_decorator(never_cache, name="dispatch")
class InvitationView(PublicMixin, View):
    """The link in the invitation e-mail: set a password, which confirms the address and logs in."""

    template_name = "trainings/invitation.html"

    def dispatch(self, request, *args, token: str, **kwargs):
        self.invitee = services.invitation_user_from_token(token=token)
        if self.invitee is None:
            return render(request, "trainings/invitation_invalid.html", status=404)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": SetPasswordForm(self.invitee), "invitee": self.invitee})

    def post(self, request):
        form = SetPasswordForm(self.invitee, request.POST)
        if form.is_valid():
            try:
                user = services.invitation_accept(user=self.invitee, password=form.cleaned_data["new_password1"])
            except ValidationError as error:  # pragma: no cover - SetPasswordForm validated it already
                form.add_error(None, error)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Welcome! Your password is set and your e-mail address is confirmed."))
                return redirect("trainings:catalogue")
        return render(request, self.template_name, {"form": form, "invitee": self.invitee})
