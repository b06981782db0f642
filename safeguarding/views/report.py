"""Reporting a concern about a child's safety, and following it up, without an account and without a name.

Every page shows first what to do when a child is in danger now (selectors.emergency_numbers). Nothing of the
request is kept with a report: not the person signed in (if any), not the address; the address is only counted,
under an HMAC, to refuse a flood (people.ratelimit), and the request logs leave it out (config.log_redaction,
config.gunicorn_logging).

The report's answer is rendered, not redirected to: it shows the follow-up link once (only its digest is kept).
The follow-up page's token is its credential, as the survey page's is (surveys.views: never cached, not indexed,
`Referrer-Policy: same-origin`: other sites learn nothing, and the site's own static files are logged as a
reporter's)."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from people.emails import absolute_url
from people.errors import form_add_error
from people.permissions import PublicMixin
from people.ratelimit import RateLimit, client_address

from .. import selectors
from ..errors import SafeguardingError, TooManyReports
from ..forms import FollowUpForm, ReportForm
from ..services import concern_from_token, concern_report, reporter_add

# Nothing to other sites, and the site's own requests (its static files) carry the page's path, so that the access
# log recognises them as a reporter's too (config.log_redaction.hides_client); not no-referrer: surveys.views says why.
REFERRER_POLICY = "same-origin"
HOUR = 3600


def _private(response):
    response["Referrer-Policy"] = REFERRER_POLICY
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _too_many(request, template: str, context: dict):
    """The page again with the refusal above it (the emergency numbers stay first), and the input kept."""
    response = render(request, template, {**context, "error": TooManyReports().message}, status=429)
    response["Retry-After"] = str(HOUR)
    return response


@method_decorator(sensitive_post_parameters(), name="dispatch")
@method_decorator(never_cache, name="dispatch")
class ReportView(PublicMixin, View):
    """The report form; its answer holds the case's reference and its follow-up link, shown this once."""

    template = "safeguarding/report.html"

    def dispatch(self, request, *args, **kwargs):
        return _private(super().dispatch(request, *args, **kwargs))

    def _context(self, form) -> dict:
        return {"form": form, "emergency": selectors.emergency_numbers(), "danger_now": form.danger_now_said}

    def get(self, request):
        return render(request, self.template, self._context(ReportForm()))

    def post(self, request):
        form = ReportForm(request.POST, request.FILES)
        limit = RateLimit(scope="safeguarding:report", limit=settings.SAFEGUARDING_REPORTS_PER_HOUR, window=HOUR)
        address = client_address(request)
        if limit.reached(address):
            return _too_many(request, self.template, self._context(form))
        if not form.is_valid():
            return render(request, self.template, self._context(form), status=400)
        if not limit.take(address):
            return _too_many(request, self.template, self._context(form))
        try:
            concern, token = concern_report(
                data=form.report(),
                attachment=form.cleaned_data["attachment"],
                language=translation.get_language() or settings.LANGUAGE_CODE,
            )
        except SafeguardingError as error:
            form_add_error(form, error)
            return render(request, self.template, self._context(form), status=400)
        context = {
            "concern": concern,
            "follow_up_url": absolute_url(reverse("safeguarding:follow_up", kwargs={"token": token})),
            "emergency": selectors.emergency_numbers(),
            "danger_now": concern.danger_now,
        }
        return render(request, "safeguarding/report_done.html", context)


@method_decorator(sensitive_post_parameters(), name="dispatch")
@method_decorator(never_cache, name="dispatch")
class FollowUpView(PublicMixin, View):
    """The reporter's page of their case, opened by its secret link: its reference and status, the messages with
    the officers, and a form to add information. A wrong or erased link is a 404."""

    template = "safeguarding/follow_up.html"

    def dispatch(self, request, *args, token: str, **kwargs):
        self.token = token
        self.concern = concern_from_token(token)
        if self.concern is None:
            context = {"emergency": selectors.emergency_numbers()}
            response = render(request, "safeguarding/follow_up_not_found.html", context, status=404)
        else:
            response = super().dispatch(request, *args, **kwargs)
        return _private(response)

    def _context(self, form, **extra) -> dict:
        return {
            "concern": self.concern,
            "messages_exchanged": selectors.reporter_messages(self.concern),
            "form": form,
            "emergency": selectors.emergency_numbers(),
            **extra,
        }

    def get(self, request):
        return render(request, self.template, self._context(FollowUpForm(), added="added" in request.GET))

    def post(self, request):
        form = FollowUpForm(request.POST, request.FILES)
        limit = RateLimit(scope="safeguarding:follow-up", limit=settings.SAFEGUARDING_FOLLOW_UPS_PER_HOUR, window=HOUR)
        if limit.reached(self.token):
            return _too_many(request, self.template, self._context(form))
        if form.is_valid():
            if not limit.take(self.token):
                return _too_many(request, self.template, self._context(form))
            try:
                reporter_add(
                    concern=self.concern, text=form.cleaned_data["text"], attachment=form.cleaned_data["attachment"]
                )
            except SafeguardingError as error:
                form_add_error(form, error)
            else:
                return redirect(f"{request.path}?added=1")
        return render(request, self.template, self._context(form), status=400)
