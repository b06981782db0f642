"""Organiser console: certificates, templates (versioned), signatories."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from documents.render import pdf_response
from people.permissions import OrganiserRequiredMixin

from . import selectors, services
from .forms import (
    CertificateFilterForm,
    ReissueForm,
    RevokeForm,
    SignatoryForm,
    TemplateCreateForm,
    TemplateVersionForm,
)
from .models import Certificate, CertificateTemplate, CertificateTemplateVersion
from .pdf import render_sample
from .sources import source_describe

PAGE_SIZE = 50


class CertificateListView(OrganiserRequiredMixin, TemplateView):
    template_name = "certificates/organiser/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = CertificateFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        certificates = selectors.certificate_list(
            kind=filters.get("kind", ""), status=filters.get("status", ""), query=filters.get("q", "")
        )
        page = Paginator(certificates, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(form=form, page=page, certificates=page.object_list)
        return context


def _detail(request, certificate, *, revoke_form=None, reissue_form=None, status=200):
    context = {
        "certificate": certificate,
        "source": source_describe(certificate.source_key),
        "revoke_form": revoke_form or RevokeForm(),
        "reissue_form": reissue_form or ReissueForm(),
    }
    return render(request, "certificates/organiser/detail.html", context, status=status)


def _certificate(pk: int) -> Certificate:
    return get_object_or_404(
        Certificate.objects.select_related(
            "template_version__template", "recipient", "organisation", "replaced_by", "issued_by", "revoked_by"
        ),
        pk=pk,
    )


class CertificateDetailView(OrganiserRequiredMixin, View):
    def get(self, request, pk: int):
        return _detail(request, _certificate(pk))


class _CertificateActionView(OrganiserRequiredMixin, View):
    """A form of the certificate's page that changes it (revoke, reissue): an invalid form shows the page again with
    its errors; a refusal comes back as a message; done, the page of the certificate the service returns."""

    form_class: type
    form_name: str  # the name of the form in the page's context
    service: staticmethod
    success_message: str

    def post(self, request, pk: int):
        certificate = _certificate(pk)
        form = self.form_class(request.POST)
        if not form.is_valid():
            return _detail(request, certificate, status=400, **{self.form_name: form})
        try:
            shown = self.service(certificate=certificate, reason=form.cleaned_data["reason"], by=request.user)
        except services.CertificateError as error:
            messages.error(request, error.message)
            shown = certificate
        else:
            messages.success(request, self.success_message)
        return redirect("certificates_organiser:detail", pk=shown.pk)


class CertificateRevokeView(_CertificateActionView):
    form_class = RevokeForm
    form_name = "revoke_form"
    service = staticmethod(services.certificate_revoke)
    success_message = gettext_lazy("The certificate is revoked.")


class CertificateReissueView(_CertificateActionView):
    form_class = ReissueForm
    form_name = "reissue_form"
    service = staticmethod(services.certificate_reissue)
    success_message = gettext_lazy("A new certificate replaces the old one, which is revoked.")


class CertificateOrganiserPdfView(OrganiserRequiredMixin, View):
    def get(self, request, pk: int):
        certificate = _certificate(pk)
        return pdf_response(services.certificate_pdf(certificate), f"{certificate.serial}.pdf", inline=True)


class TemplateListView(OrganiserRequiredMixin, TemplateView):
    template_name = "certificates/organiser/templates.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        templates = list(selectors.template_list())
        for template in templates:
            versions = sorted(template.versions.all(), key=lambda v: -v.version)
            template.current = versions[0] if versions else None
        context["templates"] = templates
        return context


def _version_content(data) -> dict:
    return {
        "title_en": data["title_en"],
        "title_km": data["title_km"],
        "body_en": data["body_en"],
        "body_km": data["body_km"],
        "signatories": list(data["signatories"]),
        "logo_left": data.get("logo_left"),
        "logo_right": data.get("logo_right"),
    }


class _FormPage(OrganiserRequiredMixin, FormView):
    """An organiser's form page: an invalid form answers 400, the errors next to their fields."""

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class TemplateCreateView(_FormPage):
    template_name = "certificates/organiser/template_form.html"
    form_class = TemplateCreateForm

    def form_valid(self, form):
        data = form.cleaned_data
        services.certificate_template_create(
            key=data["key"], kind=data["kind"], name=data["name"], by=self.request.user, **_version_content(data)
        )
        messages.success(self.request, _("The template is saved."))
        return redirect("certificates_organiser:templates")


class TemplateEditView(_FormPage):
    """Editing saves a new version; certificates already issued keep theirs."""

    template_name = "certificates/organiser/template_form.html"
    form_class = TemplateVersionForm

    @cached_property
    def template(self) -> CertificateTemplate:
        return get_object_or_404(CertificateTemplate, pk=self.kwargs["pk"])

    def get_initial(self):
        current = self.template.latest_version()
        if current is None:
            return {}
        return {
            "title_en": current.title_en,
            "title_km": current.title_km,
            "body_en": current.body_en,
            "body_km": current.body_km,
            "signatories": current.ordered_signatories(),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(template=self.template, **kwargs)

    def form_valid(self, form):
        version = services.certificate_template_version_create(
            template=self.template, by=self.request.user, **_version_content(form.cleaned_data)
        )
        messages.success(self.request, _("Saved as version %(version)s.") % {"version": version.version})
        return redirect("certificates_organiser:templates")


class VersionPreviewView(OrganiserRequiredMixin, View):
    def get(self, request, pk: int):
        version = get_object_or_404(CertificateTemplateVersion.objects.select_related("template"), pk=pk)
        language = request.GET.get("language", "en")
        if language not in ("en", "km"):
            language = "en"
        return pdf_response(render_sample(version, language=language), f"preview-{version.pk}.pdf", inline=True)


class SignatoryListView(OrganiserRequiredMixin, TemplateView):
    template_name = "certificates/organiser/signatories.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["signatories"] = selectors.signatory_list()
        return context


class SignatoryCreateView(_FormPage):
    template_name = "certificates/organiser/signatory_form.html"
    form_class = SignatoryForm

    def form_valid(self, form):
        data = form.cleaned_data
        services.signatory_create(
            name=data["name"],
            title=data["title"],
            organisation_name=data["organisation_name"],
            signature=data.get("signature"),
        )
        messages.success(self.request, _("The signatory is saved."))
        return redirect("certificates_organiser:signatories")
