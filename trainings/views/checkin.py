"""Self check-in: the code a trainer puts on a screen, and a participant checking in with it (typed, or by the QR
link, also when scanned before logging in)."""

import io

import segno
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from documents.fetcher import data_uri
from people.emails import absolute_url
from people.permissions import PublicMixin
from people.ratelimit import RateLimit

from ..errors import TrainingError
from ..permissions import SessionStaffMixin
from ..services import checkin

# Wrong codes typed by one person before they must wait (guessing a live code among millions is then hopeless).
CHECKIN_ATTEMPTS = 10
CHECKIN_ATTEMPTS_WINDOW = 10 * 60
WRONG_CODES = RateLimit(scope="trainings:checkin", limit=CHECKIN_ATTEMPTS, window=CHECKIN_ATTEMPTS_WINDOW)
# How often the trainer's screen asks for the current code: well within services.checkin.CODE_RENEW_BEFORE, so the
# code on the screen always has more than a minute and a half left when someone reads it.
CODE_POLL_SECONDS = 20


def _qr_data_uri(url: str) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=3)
    return data_uri(buffer.getvalue(), "image/png")


@method_decorator(never_cache, name="dispatch")
class CheckInCodeView(SessionStaffMixin, View):
    """The code to put on a screen, with a fresh one before the old one expires, without reloading the page: htmx
    asks this view every CODE_POLL_SECONDS with the code shown (`?shown=`; none before check-in opens) and gets
    nothing (204) while it is still the current one, else the `current` fragment (the new code and QR code, or why
    there is none). Before check-in opens it gets nothing too, then the first code. Without JavaScript, a link
    shows the current code."""

    template_name = "trainings/attendance/checkin_code.html"

    def get(self, request, pk: int):
        session = self.session
        swap = request.headers.get("HX-Request") == "true"
        template = self.template_name + ("#current" if swap else "")
        context = {"session": session, "cohort": session.cohort, "swap": swap, "poll_seconds": CODE_POLL_SECONDS}
        try:
            code = checkin.checkin_code_current(session=session, by=request.user)
        except TrainingError as error:
            # Opened before check-in opens, the screen keeps asking and shows the first code by itself; once the
            # session is over it stops.
            keep_asking = timezone.now() < checkin.checkin_window(session)[0]
            if swap and keep_asking:
                return HttpResponse(status=204)  # still not open: the notice on the screen stays, said once
            context.update(error=error.message, keep_asking=keep_asking)
            return render(request, template, context)
        if swap and request.GET.get("shown") == code.code:
            return HttpResponse(status=204)
        link = absolute_url(f"/trainings/check-in/{code.code}/")
        typed_url = absolute_url("/trainings/check-in/").split("://", 1)[-1]
        context.update(code=code, link=link, typed_url=typed_url, qr=_qr_data_uri(link))
        return render(request, template, context)


def _checker(request) -> str:
    return str(request.user.pk or request.session.session_key)


def _check_in(request, code_text: str, scanned_at=None):
    """Apply a code for the logged-in person and show the outcome."""
    context = {"code": checkin.normalise_code(code_text)}
    if WRONG_CODES.reached(_checker(request)):
        context["error"] = _("Too many wrong codes. Wait a few minutes, then try again.")
        return render(request, "trainings/attendance/checkin.html", context, status=429)
    try:
        session, changed = checkin.checkin_self(user=request.user, code_text=code_text, scanned_at=scanned_at)
    except TrainingError as error:
        WRONG_CODES.count(_checker(request))
        context["error"] = error.message
        return render(request, "trainings/attendance/checkin.html", context, status=400)
    context.update(done=True, session=session, changed=changed)
    return render(request, "trainings/attendance/checkin.html", context)


@method_decorator(never_cache, name="dispatch")
class CheckInView(PublicMixin, View):
    """Type the code from the trainer's screen. A code scanned before logging in is applied here after login."""

    def get(self, request):
        if request.user.is_authenticated:
            pending = checkin.pending_scan_take(request_session=request.session)
            if pending is not None:
                code_text, scanned_at = pending
                return _check_in(request, code_text, scanned_at=scanned_at)
        return render(request, "trainings/attendance/checkin.html", {})

    def post(self, request):
        code_text = request.POST.get("code", "")[:40]
        if not checkin.normalise_code(code_text):
            return render(
                request,
                "trainings/attendance/checkin.html",
                {"form_error": _("Type the code shown on the trainer's screen."), "code": code_text},
                status=400,
            )
        if not request.user.is_authenticated:
            checkin.pending_scan_remember(request_session=request.session, code_text=code_text)
            return redirect_to_login(reverse("trainings:checkin"))
        return _check_in(request, code_text)


@method_decorator(never_cache, name="dispatch")
class CheckInLinkView(PublicMixin, View):
    """The QR code's link. Not logged in: the code and the time of the scan are kept, and count after login."""

    def get(self, request, code: str):
        if not request.user.is_authenticated:
            checkin.pending_scan_remember(request_session=request.session, code_text=code[:40])
            return redirect_to_login(reverse("trainings:checkin"))
        return _check_in(request, code[:40])
