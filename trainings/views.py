from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from certificates.selectors import organisation_certificates
from people.models import User
from people.permissions import MemberRequiredMixin, PublicMixin

from .errors import TrainingError
from .forms import EnrolMemberForm, EnrolNewPersonForm, SelfEnrolForm
from .models import Enrollment
from .permissions import FocalPointRequiredMixin, TrainerRequiredMixin
from .rules import enrolment_is_open
from .selectors import cohorts as cohort_selectors
from .selectors import company as company_selectors
from .selectors.attendance import trainer_sessions
from .selectors.enrolment import enrollment_of, user_enrollments
from .services import enrolment as services
from .services import invitations as invitation_services

# --- Public pages -------------------------------------------------------------------------------------------


class CatalogueView(PublicMixin, TemplateView):
    template_name = "trainings/catalogue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["courses"] = cohort_selectors.course_catalogue()
        if self.request.user.is_authenticated:
            context["my_enrollments"] = user_enrollments(user=self.request.user)
        return context


def _cohort_page(request, cohort_id: int, form=None, status: int = 200):
    cohort = cohort_selectors.cohort_get(pk=cohort_id)
    enrollment = enrollment_of(cohort=cohort, user=request.user)
    can_enrol = enrolment_is_open(cohort) and (enrollment is None or not enrollment.holds_place)
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
        cohort = cohort_selectors.cohort_get(pk=pk)
        form = SelfEnrolForm(request.POST, cohort=cohort, user=request.user)
        if form.is_valid():
            try:
                services.enrollment_self_enrol(
                    cohort=cohort, user=request.user, organisation=form.cleaned_data["organisation"]
                )
            except TrainingError as error:
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
        except TrainingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("You have withdrawn; your place is free for someone else."))
        return redirect("trainings:cohort", pk=pk)


# --- Trainers -----------------------------------------------------------------------------------------------


class MySessionsView(TrainerRequiredMixin, TemplateView):
    template_name = "trainings/my_sessions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["groups"] = trainer_sessions(user=self.request.user)
        return context


# --- Company focal points -----------------------------------------------------------------------------------


class MyCompanyView(MemberRequiredMixin, View):
    def get(self, request):
        organisation = company_selectors.focal_point_organisations(user=request.user).first()
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
            "members": company_selectors.company_members(organisation=organisation),
            "pending": company_selectors.company_pending_memberships(organisation=organisation),
            "enrollments": company_selectors.company_enrollments(organisation=organisation),
            "certificates": organisation_certificates(organisation=organisation),
            "other_organisations": company_selectors.focal_point_organisations(user=self.request.user).exclude(
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
            except TrainingError as error:
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
    """Enrol by e-mail: the answer never tells whether the address has an account (trainings.invitation_services)."""

    def post(self, request, org_id: int):
        form = EnrolNewPersonForm(request.POST, organisation=self.organisation)
        if form.is_valid():
            data = form.cleaned_data
            try:
                enrollment = invitation_services.company_enrol_by_email(
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
                    message = _("%(person)s is enrolled in %(cohort)s.") % {
                        "person": enrollment.user,
                        "cohort": enrollment.cohort.code,
                    }
                else:
                    message = _(
                        "If %(email)s can be enrolled, an invitation to %(cohort)s is on its way. The person shows "
                        "here once they accept it."
                    ) % {"email": invitation_services.normalise_email(data["email"]), "cohort": data["cohort"].code}
                messages.success(request, message)
                return redirect("trainings:company", org_id=self.organisation.pk)
        return self.render_page(new_form=form)


class CompanyMembershipConfirmView(FocalPointRequiredMixin, View):
    def post(self, request, org_id: int, membership_id: int):
        membership = get_object_or_404(
            company_selectors.company_pending_memberships(organisation=self.organisation), pk=membership_id
        )
        services.company_membership_confirm(membership=membership, by=request.user)
        messages.success(request, _("%(person)s is now a confirmed member.") % {"person": membership.user})
        return redirect("trainings:company", org_id=self.organisation.pk)


class CompanyWithdrawView(FocalPointRequiredMixin, View):
    def post(self, request, org_id: int, enrollment_id: int):
        # Only the company's people (confirmed members, no minor) are the focal point's to manage.
        enrollment = get_object_or_404(
            Enrollment.objects.select_related("user", "cohort"),
            pk=enrollment_id,
            organisation=self.organisation,
            user__in=company_selectors.company_people(organisation=self.organisation).values("pk"),
        )
        try:
            services.enrollment_withdraw(enrollment=enrollment, by=request.user)
        except TrainingError as error:
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
    """The link in an invitation e-mail. While the address has no account: choose a password, which creates it
    (address confirmed), logs in and accepts. Once it has one: its holder signs in and accepts; anyone else is told
    the link is not theirs."""

    def dispatch(self, request, *args, token: str, **kwargs):
        self.invitation = invitation_services.invitation_from_token(token=token)
        if self.invitation is None:
            return render(request, "trainings/invitation_invalid.html", status=404)
        self.account = self.invitation.account()
        if self.account is not None:
            if not self.account.is_active or invitation_services.invitation_is_used(
                invitation=self.invitation, user=self.account
            ):
                return render(request, "trainings/invitation_invalid.html", status=404)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.user.pk != self.account.pk:
                return render(request, "trainings/invitation_other_account.html", status=403)
        return super().dispatch(request, *args, **kwargs)

    def _invitee(self) -> User:
        # Not saved: the password form checks the password against the person's names and address.
        invitation = self.invitation
        return User(
            email=invitation.email,
            given_name=invitation.given_name,
            family_name=invitation.family_name,
            language=invitation.language,
        )

    def _page(self, form=None):
        if self.account is not None:
            return render(self.request, "trainings/invitation_accept.html", {"invitation": self.invitation})
        context = {"form": form or SetPasswordForm(self._invitee()), "invitee": self._invitee()}
        context["invitation"] = self.invitation
        return render(self.request, "trainings/invitation.html", context)

    def get(self, request):
        return self._page()

    def post(self, request):
        if self.account is not None:
            acceptance = invitation_services.invitation_accept(invitation=self.invitation, user=request.user)
            return self._accepted(acceptance, _("Welcome to %(company)s."))
        form = SetPasswordForm(self._invitee(), request.POST)
        if not form.is_valid():
            return self._page(form)
        try:
            acceptance = invitation_services.invitation_accept_new(
                invitation=self.invitation, password=form.cleaned_data["new_password1"]
            )
        except TrainingError as error:
            form.add_error(None, error.message)
            return self._page(form)
        login(self.request, acceptance.user, backend="django.contrib.auth.backends.ModelBackend")
        return self._accepted(acceptance, _("Welcome! Your password is set and your e-mail address is confirmed."))

    def _accepted(self, acceptance, welcome):
        messages.success(self.request, welcome % {"company": self.invitation.organisation.name})
        if acceptance.enrollment is None:
            messages.warning(
                self.request,
                _("You could not be enrolled in %(cohort)s: %(reason)s")
                % {"cohort": self.invitation.cohort.code, "reason": acceptance.refusal},
            )
        else:
            messages.success(
                self.request, _("You are enrolled in %(cohort)s.") % {"cohort": self.invitation.cohort.code}
            )
        return redirect("trainings:catalogue")  # it lists the person's enrolments
