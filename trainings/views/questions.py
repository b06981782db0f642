"""A course's question bank for its trainers and organisers: the list, a question's new and edit pages (a formset of
answers, one card each), retire and restore. An edit of an answered question makes a new version
(services.questions.question_update)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from people.permissions import is_organiser

from ..forms.questions import QuestionForm, choice_formset, choices_given
from ..permissions import CourseBankMixin
from ..selectors.questions import bank_question, course_bank
from ..services import questions as services


def _bank_url(course) -> str:
    return reverse("trainings:question_bank", kwargs={"course_id": course.pk})


class BankView(CourseBankMixin, View):
    def get(self, request, course_id: int):
        context = {
            "course": self.course,
            "questions": course_bank(course=self.course),
            "is_organiser": is_organiser(request.user),
        }
        return render(request, "trainings/questions/bank.html", context)


class _QuestionFormView(CourseBankMixin, View):
    """The question's form and its answers' formset on one page; the service's refusals land on the form (those
    about the answers in its error summary), and what was typed is kept."""

    question = None

    def page(self, form, formset, status: int = 200):
        context = {"course": self.course, "question": self.question, "form": form, "formset": formset}
        return render(self.request, "trainings/questions/form.html", context, status=status)

    def save(self, data: dict, choices) -> None:
        raise NotImplementedError

    def post(self, request, course_id: int, **kwargs):
        form = self.form(request.POST)
        formset = choice_formset(request.POST)
        if not formset.is_valid():
            form.is_valid()
            form.add_error(None, _("Some answers need correcting: see below."))
        elif form.is_valid():
            try:
                self.save(form.cleaned_data, choices_given(formset))
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                return redirect(_bank_url(self.course))
        return self.page(form, formset)

    def form(self, data=None, **kwargs):
        return QuestionForm(data, **kwargs)


TEXTS = ("text_en", "text_km", "explanation_en", "explanation_km")


def _texts(data) -> dict:
    return {name: data[name] for name in TEXTS}


class QuestionCreateView(_QuestionFormView):
    def get(self, request, course_id: int):
        return self.page(self.form(), choice_formset())

    def save(self, data, choices):
        services.question_create(
            course=self.course, kind=data["kind"], choices=choices, by=self.request.user, **_texts(data)
        )
        messages.success(self.request, _("The question has been added to the bank."))


class QuestionUpdateView(_QuestionFormView):
    def load(self, *, pk, **kwargs) -> None:
        super().load(**kwargs)
        self.question = bank_question(course=self.course, pk=pk)  # 404 outside the course's bank, as for anyone

    def form(self, data=None, **kwargs):
        kwargs.setdefault("initial", {"kind": self.question.kind})
        return QuestionForm(data, kind_fixed=self.question.answered, **kwargs)

    def get(self, request, course_id: int, pk: int):
        newest = self.question.newest
        form = self.form(initial={"kind": self.question.kind, **{name: getattr(newest, name) for name in TEXTS}})
        initial = [
            {"text_en": choice.text_en, "text_km": choice.text_km, "is_correct": choice.is_correct}
            for choice in self.question.newest_choices
        ]
        return self.page(form, choice_formset(initial=initial))

    def save(self, data, choices):
        version = services.question_update(
            question=self.question, kind=data["kind"], choices=choices, by=self.request.user, **_texts(data)
        )
        if version.number != self.question.newest.number:
            message = _("Saved as version %(number)s: the answers already given keep the version they were shown.")
            messages.success(self.request, message % {"number": version.number})
        else:
            messages.success(self.request, _("The question has been saved."))


class _ActiveView(CourseBankMixin, View):
    """POST: take a question out of use, or back into use."""

    def act(self, question) -> str:
        raise NotImplementedError

    def post(self, request, course_id: int, pk: int):
        question = bank_question(course=self.course, pk=pk)
        messages.success(request, self.act(question))
        return redirect(_bank_url(self.course) + f"#question-{pk}")


class QuestionRetireView(_ActiveView):
    def act(self, question):
        services.question_retire(question=question)
        return _("The question is out of use: new attempts no longer draw it.")


class QuestionRestoreView(_ActiveView):
    def act(self, question):
        services.question_restore(question=question)
        return _("The question is back in use.")
