"""The delegates' pages: editions, registering, my registration (see, change, cancel), the visa letter and, for a
youth delegate, sending the guardian their link. Thin: permission, one service or selector, a message."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from people.errors import form_add_error
from people.permissions import MemberRequiredMixin, PublicMixin

from ..errors import AlreadyRegistered, ForumError
from ..exports.badges import qr_svg
from ..exports.pdf import visa_letter_response
from ..forms.registration import CancelForm, RegistrationForm
from ..rules import delegate_may_change, letter_ready
from ..selectors.editions import edition_current_policies, edition_list_published, seats_left
from ..selectors.nominations import nominator_for
from ..selectors.programme import programme_published_at
from ..selectors.registrations import (
    letter_registration_for_delegate,
    registration_brief_for_user,
    registration_for_user,
)
from ..selectors.youth import youth_details_on_file
from ..services.lifecycle import registration_cancel
from ..services.registration import registration_submit, registration_update
from ..services.youth import youth_consent_link_resend
from ..surveys import edition_survey_invitations
from .mixins import EditionMixin


class EditionListView(PublicMixin, ListView):
    template_name = "forum/edition_list.html"
    context_object_name = "editions"

    def get_queryset(self):
        return edition_list_published()


class EditionDetailView(PublicMixin, EditionMixin, TemplateView):
    template_name = "forum/edition_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = self.get_edition()
        context["registration"] = registration_for_user(edition=edition, user=self.request.user)
        context["nominator"] = nominator_for(edition=edition, user=self.request.user)
        context["programme_published"] = edition.is_published and programme_published_at(edition=edition) is not None
        if edition.show_seats_left:
            context["seats_left"] = seats_left(edition=edition)
        return context


class RegistrationFormMixin(EditionMixin):
    """Registering: the form with the edition's current policies, then registration_submit. Shared by the forum's
    own page (RegisterView) and a nominee's personal link (forum.views.invitation), which sets `nomination`."""

    form_class = RegistrationForm
    nomination = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            existing = registration_brief_for_user(edition=self.get_edition(), user=request.user)
            if existing is not None:
                return self.already_registered(existing)
            refused = self.refused()
            if refused is not None:
                return refused
        return super().dispatch(request, *args, **kwargs)

    def refused(self):
        """The response that refuses this signed-in person the form (None: they may register here)."""
        return None

    def already_registered(self, existing):
        messages.info(
            self.request,
            _("You have already registered for this forum: your reference is %(reference)s.")
            % {"reference": existing.reference},
        )
        return redirect("forum:registration", slug=self.get_edition().slug)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["policies"] = self.policies
        kwargs["submit_label"] = _("Register")
        if "data" not in kwargs:
            kwargs["initial"] = {"country": self.request.user.country, "position": self.request.user.position}
        return kwargs

    @property
    def policies(self):
        if not hasattr(self, "_policies"):
            self._policies = edition_current_policies(edition=self.get_edition())
        return self._policies

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["policies"] = self.policies
        return context

    def form_valid(self, form):
        try:
            registration = registration_submit(
                edition=self.get_edition(),
                user=self.request.user,
                data=form.service_data(),
                visa=form.visa_data(),
                nomination=self.nomination,
            )
        except AlreadyRegistered as error:
            messages.info(self.request, error.message)
            return redirect("forum:registration", slug=self.get_edition().slug)
        except (ForumError, ValidationError) as error:
            form_add_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Thank you. Your registration %(reference)s is %(status)s.")
            % {"reference": registration.reference, "status": registration.get_status_display()},
        )
        return redirect("forum:registration", slug=self.get_edition().slug)


class RegisterView(MemberRequiredMixin, RegistrationFormMixin, FormView):
    """Registering from the forum's page. An edition that takes delegates by nomination only shows why instead of
    the form (templates/forum/register.html); a form posted all the same is refused by the service."""

    template_name = "forum/register.html"


class OwnRegistrationMixin(MemberRequiredMixin, EditionMixin):
    """The requester's own registration for the edition: there is no URL for anyone else's."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.registration = registration_for_user(edition=self.get_edition(), user=request.user)
            if self.registration is None:
                return redirect("forum:register", slug=self.get_edition().slug)
        return super().dispatch(request, *args, **kwargs)

    def can_change(self) -> bool:
        return delegate_may_change(self.registration)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["registration"] = self.registration
        context["can_change"] = self.can_change()
        context["can_cancel"] = self.registration.can_be_cancelled
        context["letter_ready"] = letter_ready(self.registration)
        return context


class RegistrationDetailView(OwnRegistrationMixin, TemplateView):
    template_name = "forum/registration_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The badge's check-in code, for a phone at the door: only an approved registration has a badge.
        secret = self.registration.checkin_secret if self.registration.holds_seat else None
        context["checkin_qr"] = qr_svg(secret) if secret else ""
        context["survey_invitations"] = edition_survey_invitations(
            edition=self.registration.edition, user=self.request.user
        )
        return context


class RegistrationEditView(OwnRegistrationMixin, FormView):
    template_name = "forum/registration_edit.html"
    form_class = RegistrationForm

    def get(self, request, *args, **kwargs):
        if not self.can_change():
            messages.warning(request, _("Your registration can no longer be changed."))
            return redirect("forum:registration", slug=self.get_edition().slug)
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["policies"] = {
            "code_of_conduct": self.registration.code_of_conduct,
            "privacy": self.registration.privacy_notice,
        }
        kwargs["submit_label"] = _("Save changes")
        kwargs["youth_on_file"] = youth_details_on_file(registration=self.registration)
        kwargs["current_category"] = self.registration.category
        if "data" not in kwargs:
            kwargs["initial"] = RegistrationForm.initial_from(self.registration)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["policies"] = {
            "code_of_conduct": self.registration.code_of_conduct,
            "privacy": self.registration.privacy_notice,
        }
        return context

    def form_valid(self, form):
        try:
            registration_update(
                registration=self.registration,
                data=form.service_data(),
                visa=form.visa_data(),
                by=self.request.user,
            )
        except (ForumError, ValidationError) as error:
            form_add_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your registration has been saved."))
        return redirect("forum:registration", slug=self.get_edition().slug)


class RegistrationCancelView(OwnRegistrationMixin, FormView):
    """A confirmation step (GET) before the registration is cancelled (POST)."""

    template_name = "forum/registration_cancel.html"
    form_class = CancelForm

    def get(self, request, *args, **kwargs):
        if not self.registration.can_be_cancelled:
            messages.info(
                request,
                _("This registration is already %(status)s.") % {"status": self.registration.get_status_display()},
            )
            return redirect("forum:registration", slug=self.get_edition().slug)
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            registration_cancel(
                registration=self.registration, by=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ForumError as error:
            messages.error(self.request, error.message)
        else:
            messages.success(self.request, _("Your registration has been cancelled."))
        return redirect("forum:registration", slug=self.get_edition().slug)


class DelegateVisaLetterView(MemberRequiredMixin, View):
    """The delegate's own letter."""

    def get(self, request, slug: str):
        return visa_letter_response(registration=letter_registration_for_delegate(slug=slug, user=request.user))


class DelegateResendView(MemberRequiredMixin, EditionMixin, View):
    """The youth delegate sends their guardian a new link (their own registration only; 404 for anyone else)."""

    http_method_names = ["post"]

    def post(self, request, slug):
        registration = registration_for_user(edition=self.get_edition(), user=request.user)
        if registration is None or not registration.is_youth:
            raise Http404
        try:
            link = youth_consent_link_resend(registration=registration, by=request.user)
        except ForumError as error:
            messages.error(request, error.message)
        else:
            if link.youth.consent_given:
                sent = _("Your parent or guardian was sent a new link to change or withdraw their answer.")
            else:
                sent = _("A new link was sent to your parent or guardian. The old link no longer works.")
            messages.success(request, sent)
        return redirect("forum:registration", slug=slug)
