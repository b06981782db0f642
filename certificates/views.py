"""Public verification, my certificates, PDF download. Thin: permission, one selector/service, a page."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from documents.render import pdf_response
from people.permissions import MemberRequiredMixin, PublicMixin
from people.ratelimit import RateLimit, client_address

from . import selectors
from .forms import VerifyForm
from .services import certificate_pdf


def _over_limit(request) -> bool:
    """Fixed one-minute window per client address (people.ratelimit), every look-up counted."""
    limit = RateLimit(scope="certificates:verify", limit=settings.CERTIFICATES_VERIFY_PER_MINUTE, window=60)
    return not limit.take(client_address(request))


def _too_many(request):
    response = render(request, "certificates/verify_limited.html", status=429)
    response["Retry-After"] = "60"
    return response


@method_decorator(never_cache, name="dispatch")
class VerifyFormView(PublicMixin, View):
    def get(self, request):
        if "code" not in request.GET:
            return render(request, "certificates/verify_form.html", {"form": VerifyForm()})
        form = VerifyForm(request.GET)
        if form.is_valid():
            code = selectors.normalise_code(form.cleaned_data["code"])
            if code:
                return redirect("certificates:verify_code", code=code)
            form.add_error("code", _("A verification code has letters and digits, e.g. ABCD-EFGH-JKMN-PQ."))
        return render(request, "certificates/verify_form.html", {"form": form})


@method_decorator(never_cache, name="dispatch")
class VerifyCodeView(PublicMixin, View):
    def get(self, request, code: str):
        if _over_limit(request):
            return _too_many(request)
        normalised = selectors.normalise_code(code)
        if normalised and normalised != code:
            return redirect("certificates:verify_code", code=normalised)
        certificate = selectors.certificate_by_code(code=normalised)
        if certificate is None:
            return render(
                request, "certificates/verify_not_found.html", {"code": code, "form": VerifyForm()}, status=404
            )
        context = {"certificate": certificate, "withheld_name": selectors.certificate_withheld_name(certificate)}
        return render(request, "certificates/verify_result.html", context)


class MyCertificatesView(MemberRequiredMixin, TemplateView):
    template_name = "certificates/my_certificates.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["certificates"] = selectors.user_certificates(user=self.request.user)
        return context


@method_decorator(never_cache, name="dispatch")
class CertificatePdfView(MemberRequiredMixin, View):
    def get(self, request, code: str):
        certificate = selectors.certificate_for_download(user=request.user, code=code)
        return pdf_response(certificate_pdf(certificate), f"{certificate.serial}.pdf")
