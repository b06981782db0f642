"""A participant takes a cohort's pre-test or post-test on a phone: the test's page (start or resume), the attempt
(one question per screen), each answer saved as it is given (JSON from static/js/assessment.js through the offline
layer's outbox, and a plain form post without JavaScript that moves to the next question), the submission and the
result with the explanations. The server's clock decides (services.assessments)."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from people.inputs import json_loads, parse_id, parse_ids

from ..errors import AssessmentRefused, AttemptSubmitted, AttemptTimeOver, InvalidAnswer
from ..permissions import ParticipantTestMixin
from ..rules import attempt_time_over
from ..selectors.assessments import attempt_items, participant_tests
from ..services import assessments as services

# The page's outbox sends its queue in batches of 50 (static/js/offline.js); a test has at most 200 questions.
MAX_ANSWERS_PER_POST = 200


def _url(view, name: str, *extra) -> str:
    return reverse(f"trainings:{name}", args=[view.cohort.pk, view.assessment.kind, *extra])


class TestStartView(ParticipantTestMixin, View):
    """What the test is (questions, time limit, attempts left, previous scores) and a Start or Resume button."""

    def _page(self, request, status: int = 200):
        cards = participant_tests(cohort=self.cohort, enrollment=self.enrollment, kind=self.assessment.kind)
        context = {"cohort": self.cohort, "course": self.cohort.course, "card": cards[0], "test": self.assessment}
        return render(request, "trainings/tests/start.html", context, status=status)

    def get(self, request, pk: int, kind: str):
        return self._page(request)

    def post(self, request, pk: int, kind: str):
        try:
            attempt = services.attempt_start(enrollment=self.enrollment, assessment=self.assessment)
        except AssessmentRefused as error:
            messages.error(request, error.message)
            return self._page(request, status=409)
        return redirect(_url(self, "test_attempt", attempt.number))


@method_decorator(never_cache, name="dispatch")
class AttemptView(ParticipantTestMixin, View):
    """The attempt: every question in the page, one shown at a time (the first unanswered one; `position` in the
    URL shows that one). The page is kept on the phone (offline layer), so it opens again without a connection."""

    def get(self, request, pk: int, kind: str, number: int, position: int | None = None, status: int = 200):
        attempt = self.attempt
        if attempt.submitted_at is not None:
            return redirect(_url(self, "test_result", attempt.number))
        items = attempt_items(attempt=attempt)
        fixed = position is not None
        if position is None:
            position = next((item.position for item in items if not item.selected_ids), len(items))
        elif not 1 <= position <= len(items):
            position = 1
        now = timezone.now()
        context = {
            "cohort": self.cohort,
            "course": self.cohort.course,
            "test": self.assessment,
            "attempt": attempt,
            "items": items,
            "current": position,
            "fixed": fixed,  # the question in the URL is shown, not the first unanswered one
            "answered": sum(1 for item in items if item.selected_ids),
            "time_over": attempt_time_over(attempt, now),
            "ends_ms": int(attempt.ends_at.timestamp() * 1000) if attempt.ends_at else "",
            "error": getattr(self, "error", None),
        }
        return render(request, "trainings/tests/attempt.html", context, status=status)


class QuestionView(AttemptView):
    """One question of the attempt shown (GET), and its answer without JavaScript (POST: the choices ticked), which
    moves to the next question, or to the submission after the last."""

    def post(self, request, pk: int, kind: str, number: int, position: int):
        choice_ids = parse_ids(request.POST.getlist("choice"))
        try:
            services.answer_save(attempt=self.attempt, position=position, choice_ids=choice_ids or [])
        except AttemptSubmitted as error:
            messages.error(request, error.message)
            return redirect(_url(self, "test_result", number))
        except AttemptTimeOver as error:
            messages.error(request, error.message)
            return redirect(_url(self, "test_submit", number))
        except InvalidAnswer as error:
            self.error = error.message
            return self.get(request, pk, kind, number, position, status=400)
        except AssessmentRefused as error:  # withdrawn meanwhile: the test's page says why
            messages.error(request, error.message)
            return redirect(_url(self, "test"))
        if position < self.attempt.items.count():
            return redirect(_url(self, "test_question", number, position + 1))
        return redirect(_url(self, "test_submit", number))


class AnswersView(ParticipantTestMixin, View):
    """Answers from the attempt's page as JSON: {"answers": [{"id", "position", "choices": [ids]}]}, in the order
    given. Answers {"results": [{"id", "position", "outcome": "saved" | "refused", "message"}], "closed": bool, "now"}
    (`closed`: submitted, or its time and grace over: nothing more will be taken); a body that cannot be read, or
    with more than MAX_ANSWERS_PER_POST answers, is a 400 (the page then drops it rather than sending it again for
    ever)."""

    def post(self, request, pk: int, kind: str, number: int):
        try:
            payload = json_loads(request.body or b"{}")
            answers = payload.get("answers") if isinstance(payload, dict) else None
            if not isinstance(answers, list) or not all(isinstance(answer, dict) for answer in answers):
                raise ValueError
            if len(answers) > MAX_ANSWERS_PER_POST:  # each is a locked write: a body of thousands ties up a worker
                raise ValueError
        except ValueError:
            return JsonResponse({"error": str(InvalidAnswer.default_message)}, status=400)
        results, closed = [], False
        for answer in answers:
            result = {"id": str(answer.get("id", ""))[:64], "position": answer.get("position")}
            try:
                position = parse_id(answer.get("position"))
                if position is None or not isinstance(answer.get("choices"), list):
                    raise InvalidAnswer
                services.answer_save(attempt=self.attempt, position=position, choice_ids=answer["choices"])
                result.update(outcome="saved", message="")
            except AssessmentRefused as error:
                closed = closed or isinstance(error, AttemptSubmitted | AttemptTimeOver)
                result.update(outcome="refused", message=str(error.message))
            results.append(result)
        now_ms = int(timezone.now().timestamp() * 1000)  # the page's countdown follows the server's clock
        return JsonResponse({"results": results, "closed": closed, "now": now_ms})


class SubmitView(ParticipantTestMixin, View):
    """How many questions are answered, and the button that submits (no answer changes after)."""

    def get(self, request, pk: int, kind: str, number: int):
        attempt = self.attempt
        if attempt.submitted_at is not None:
            return redirect(_url(self, "test_result", number))
        items = list(attempt.items.filter(answered_at__isnull=False).values_list("position", flat=True))
        total = attempt.items.count()
        context = {
            "cohort": self.cohort,
            "test": self.assessment,
            "attempt": attempt,
            "answered": len(items),
            "total": total,
            "unanswered": [position for position in range(1, total + 1) if position not in set(items)],
            "time_over": attempt_time_over(attempt),
        }
        return render(request, "trainings/tests/submit.html", context)

    def post(self, request, pk: int, kind: str, number: int):
        try:
            services.attempt_submit(attempt=self.attempt)
        except AttemptSubmitted as error:
            messages.info(request, error.message)
        return redirect(_url(self, "test_result", number))


class ResultView(ParticipantTestMixin, View):
    """The score, and each question with the answer given, the right answer and the explanation."""

    def get(self, request, pk: int, kind: str, number: int):
        attempt = self.attempt
        if attempt.submitted_at is None:
            return redirect(_url(self, "test_attempt", number))
        cards = participant_tests(cohort=self.cohort, enrollment=self.enrollment, kind=self.assessment.kind)
        context = {
            "cohort": self.cohort,
            "test": self.assessment,
            "attempt": attempt,
            "items": attempt_items(attempt=attempt),
            "card": cards[0],
        }
        return render(request, "trainings/tests/result.html", context)
