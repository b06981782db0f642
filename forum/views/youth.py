"""Youth delegates' pages: the guardian's consent page (the link is the key, no login) and the organisers' actions
(resend, record a paper form, open a consent document: logged). The delegate's own "send the link again" is with
the delegate's pages (forum.views.delegate)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from people.errors import action_done, form_add_error
from people.permissions import PublicMixin
from people.private_pages import private_response

from ..errors import ForumError, YouthError
from ..forms.youth import GuardianConsentForm, PaperConsentForm
from ..models.youth import GUARDIAN_ANSWER_MESSAGES
from ..selectors.youth import consent_document_get, consent_link_lookup
from ..services.consent import (
    CONSENT_TEXT_VERSION,
    consent_document_open,
    guardian_consent_decide,
    guardian_consent_record_paper,
)
from ..services.youth import youth_consent_link_resend
from .organiser import RegistrationDetailView


class ConsentView(PublicMixin, FormView):
    """The consent page. An unknown token answers 404; an expired, used or replaced link says so and shows nothing
    about the delegate."""

    template_name = "forum/youth/consent.html"
    form_class = GuardianConsentForm

    def dispatch(self, request, *args, **kwargs):
        self.lookup = consent_link_lookup(token=kwargs["token"])
        if self.lookup.state == "unknown":
            raise Http404
        if self.lookup.state != "valid":
            response = render(
                request, "forum/youth/consent_unusable.html", {"expired": self.lookup.expired}, status=410
            )
            return private_response(response)
        return private_response(super().dispatch(request, *args, **kwargs))

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.youth.participation == "given":
            kwargs["submit_label"] = _("Save my answer")
            kwargs["initial"] = {
                "participation": "yes",
                "name_consent": "yes" if self.youth.name_consent else "no",
                "photo_consent": "yes" if self.youth.photo_consent else "no",
            }
        return kwargs

    @property
    def youth(self):
        return self.lookup.link.youth

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = self.youth.registration
        context.update(
            youth=self.youth,
            registration=registration,
            edition=registration.edition,
            text_version=CONSENT_TEXT_VERSION,
            retention_days=settings.FORUM_YOUTH_RETENTION_DAYS,
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            consent = guardian_consent_decide(
                token=self.kwargs["token"],
                participation=data["participation"],
                name_consent=data["name_consent"],
                photo_consent=data["photo_consent"],
                signed_name=data["signed_name"],
                text_version=data["text_version"],
            )
        except (ValidationError, ForumError) as error:
            form_add_error(form, error)
            return self.form_invalid(form)
        self.request.session["forum_youth_answer"] = consent.participation
        return redirect("forum:consent_done")


class ConsentDoneView(PublicMixin, TemplateView):
    template_name = "forum/youth/consent_done.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        answer = self.request.session.get("forum_youth_answer", "")
        context["answer_message"] = GUARDIAN_ANSWER_MESSAGES.get(answer, _("Your answer is recorded."))
        return context


class OrganiserResendView(RegistrationDetailView):  # organisers only, as its base
    http_method_names = ["post"]

    def post(self, request, slug, pk):
        registration = self.get_registration()
        sent = _("A new consent link was sent to the parent or guardian.")
        action_done(request, youth_consent_link_resend, sent, registration=registration, by=request.user)
        return redirect("forum_organiser:registration", slug=slug, pk=pk)


class PaperConsentView(RegistrationDetailView):  # organisers only, as its base
    """Record a signed paper form; with errors, the registration page again with the errors next to the fields."""

    http_method_names = ["post"]

    def post(self, request, slug, pk):
        registration = self.get_registration()
        if not registration.is_youth:
            raise Http404
        form = PaperConsentForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                guardian_consent_record_paper(
                    registration=registration,
                    by=request.user,
                    participation=data["participation"],
                    name_consent=data["name_consent"],
                    photo_consent=data["photo_consent"],
                    signed_name=data["signed_name"],
                    document=data["document"],
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else "document", errors)
            except ForumError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The signed form is recorded."))
                return redirect("forum_organiser:registration", slug=slug, pk=pk)
        registration = self.get_registration()
        return self.render_to_response(self.get_context_data(registration=registration, paper_form=form), status=400)


class ConsentDocumentView(RegistrationDetailView):  # organisers only, as its base
    """A consent document, opened in the browser or downloaded (`?download=1`); every access is logged first."""

    http_method_names = ["get"]

    def get(self, request, slug, pk, consent_pk):
        registration = self.get_registration()
        consent = consent_document_get(registration=registration, consent_pk=consent_pk)
        if not consent.document:
            raise Http404
        download = request.GET.get("download") == "1"
        # Only a missing file is a 404: a storage that fails (a timeout is an OSError too) answers operations' 503.
        try:
            handle = consent_document_open(consent=consent, by=request.user, download=download)
        except (YouthError, FileNotFoundError) as error:
            raise Http404 from error
        extension = consent.document.name.rsplit(".", 1)[-1]
        response = FileResponse(
            handle,
            content_type=consent.document_type or "application/octet-stream",
            as_attachment=download,
            filename=f"{registration.reference}-consent-{consent.pk}.{extension}",
        )
        return private_response(response)
