"""The answering page: a survey's questions on one page, opened from the link in the invitation e-mail. No account
needed: the secret token is the credential (a wrong one is a 404). The page is never cached, and under
`Referrer-Policy: strict-origin` what it links to and loads learns the site's address only, never the page's, so the
token goes nowhere else; the logs leave it out (config.log_redaction).

Not `no-referrer`: under it browsers send `Origin: null` with every form the page posts, and Django's CSRF check
refused the header's language switcher and "Sign out" with a 403 (tests/surveys/test_browser.py); under
`strict-origin` they send the site's origin.

No CSRF check on the page's own form all the same: it has nothing to protect, as the view acts on no session or
cookie: a forged POST would need the link's secret, the very thing the check would stand in for."""

from django.shortcuts import render
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
REFERRER_POLICY = "strict-origin"  # the site's address only, over HTTPS only (module docstring)


@method_decorator(csrf_exempt, name="dispatch")
@method_decorator(never_cache, name="dispatch")
class AnswerView(PublicMixin, View):
    def dispatch(self, request, *args, token: str, **kwargs):
        self.invitation = respondent.invitation_by_token(token)
        if self.invitation is None:
            response = render(request, "surveys/not_found.html", status=404)
        else:
            response = super().dispatch(request, *args, **kwargs)
        response["Referrer-Policy"] = REFERRER_POLICY
        return response

    def _page(self, request, *, state: str, form=None, status: int = 200):
        """The page in one of its states: "open" (the form), "thanks", "answered" or "closed"."""
        invitation = self.invitation
        context = {
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
