"""The link of an invitation e-mail (trainings.services.invitations): set a password, or sign in, and accept."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from people.models import User
from people.permissions import PublicMixin

from ..errors import TrainingError
from ..services import invitations as invitation_services


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
