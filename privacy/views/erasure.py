"""A person erases their account (/accounts/erase/): what goes and what stays, the refusal instead of the form while
privacy.rules says no, and the confirmation (certificates, password, "cannot be undone")."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView

from people.errors import form_add_error
from people.permissions import MemberRequiredMixin

from ..erasure import ErasureRefused, person_erase
from ..forms import EraseForm
from ..rules import erasure_check
from ..selectors import erasure_overview


@method_decorator(sensitive_post_parameters("password"), name="dispatch")
class EraseView(MemberRequiredMixin, FormView):
    template_name = "privacy/erase.html"
    form_class = EraseForm
    http_method_names = ["get", "head", "post"]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.overview = erasure_overview(user=request.user)
            self.refusal = erasure_check(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, has_certificates=bool(self.overview.certificates))
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            overview=self.overview,
            refusal=self.refusal,
            print_days=settings.DOCUMENTS_JOBS_RESULT_DAYS,
            sent_email_days=settings.SENT_EMAIL_KEEP_DAYS,
        )
        return context

    def post(self, request, *args, **kwargs):
        if self.refusal:
            # The page says why instead of offering the form; nothing is checked or changed.
            return self.render_to_response(self.get_context_data())
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            person_erase(self.request.user, certificates=form.certificates_choice)
        except ErasureRefused as error:
            form_add_error(form, error)
            return self.form_invalid(form)
        logout(self.request)
        messages.success(self.request, _("Your account is erased. Thank you for taking part in the programme."))
        return redirect("home")
