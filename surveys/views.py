"""The answering page: a survey's questions on one page, opened from the link in the invitation e-mail. No account
needed: the secret token is the credential (a wrong one is a 404). The page is never cached and sends no
referrer, so the token goes nowhere else; the logs leave it out (config.log_redaction).

No CSRF check: under `Referrer-Policy: no-referrer` browsers send `Origin: null` with the form, which Django's check
refuses; and it has nothing to protect here, as the view acts on no session or cookie: a forged POST would need the
link's secret, the very thing the check would stand in for. For the same reason the header's language switcher is
links to the page in each language here (`language_links`), not its form, which posts to a CSRF-checked view."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from people.permissions import PublicMixin

from . import respondent
from .errors import SurveyAlreadyAnswered, SurveyAnswersInvalid, SurveyClosed
from .forms import AnswerForm
from .rules import survey_is_open
from .services import response_submit
from .subjects import survey_part

TEMPLATE = "surveys/answer.html"


def _language_links(token: str) -> list[dict]:
    """The page's address in each language, for the header's language switcher."""
    links = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            url = reverse("surveys:answer", kwargs={"token": token})
        links.append({"code": code, "url": url, "name_local": translation.get_language_info(code)["name_local"]})
    return links


@method_decorator(csrf_exempt, name="dispatch")
@method_decorator(never_cache, name="dispatch")
class AnswerView(PublicMixin, View):
    def dispatch(self, request, *args, token: str, **kwargs):
        self.invitation = respondent.invitation_by_token(token)
        if self.invitation is None:
            response = render(request, "surveys/not_found.html", {"language_links": _language_links(token)}, status=404)
        else:
            response = super().dispatch(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        return response

    def _page(self, request, *, state: str, form=None, status: int = 200):
        """The page in one of its states: "open" (the form), "thanks", "answered" or "closed"."""
        invitation = self.invitation
        context = {
            "language_links": _language_links(invitation.token),
            "survey": invitation.survey,
            "part": survey_part(invitation.survey, invitation.part_id),
            "form": form,
            "thanks": state == "thanks",
            "answered": state == "answered",
            "closed": state == "closed",
        }
        return render(request, TEMPLATE, context, status=status)

    def _state(self) -> str:
        invitation = self.invitation
        if invitation.has_answered:
            return "answered"
        if not survey_is_open(invitation.survey, survey_part(invitation.survey, invitation.part_id)):
            return "closed"
        return "open"

    def get(self, request):
        state = self._state()
        form = AnswerForm(items=respondent.survey_items(self.invitation)) if state == "open" else None
        return self._page(request, state=state, form=form)

    def post(self, request):
        state = self._state()
        if state != "open":
            return self._page(request, state=state, status=409)
        form = AnswerForm(request.POST, items=respondent.survey_items(self.invitation))
        if form.is_valid():
            try:
                response_submit(invitation=self.invitation, answers=form.answers())
            except SurveyAnswersInvalid as error:
                form.add_item_errors(error.errors)
            except SurveyAlreadyAnswered:
                return self._page(request, state="answered", status=409)
            except SurveyClosed:
                return self._page(request, state="closed", status=409)
            else:
                return self._page(request, state="thanks")
        return self._page(request, state="open", form=form, status=400)
