from urllib.parse import urlsplit

from django.contrib import messages
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from .forms import MembershipActionForm, OrganisationMergeForm, ProfileForm, ReachQuestionForm
from .inputs import local_path
from .minors import is_minor
from .models import Membership, Organisation
from .permissions import MemberRequiredMixin, OrganiserRequiredMixin, PublicMixin
from .selectors import organisation_list, organisation_memberships, user_primary_membership
from .services import (
    membership_confirm,
    membership_remove,
    membership_set_focal_point,
    organisation_mark_reviewed,
    organisation_merge,
    profile_update,
    reach_question_answer,
)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: 200 while the process answers, without asking the database (a probe carries no session cookie, so
    no middleware reads one either). Whether it should get traffic is /readyz's question (operations.health).
    Public, no language prefix."""
    return JsonResponse({"status": "ok"})


def set_language(request: HttpRequest):
    """Django's language switcher, public, with the page's own language active while its address is translated.

    Django translates `next` by resolving it in the language active for this request (the cookie's, or a signed-in
    person's preferred one): an /en/ page seen by a Khmer reader would not resolve in Khmer and they would stay on
    it. The prefix of `next` says which language its address is written in."""
    next_url = request.POST.get("next", request.GET.get("next", ""))
    written_in = translation.get_language_from_path(urlsplit(next_url).path) or translation.get_language()
    with translation.override(written_in):
        return i18n.set_language(request)


class HomeView(PublicMixin, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if user.is_authenticated and user.reach_question_due:
            # Asked once, after signing in: "Save" or "Not now" (ReachQuestionView), then never again.
            context["reach_form"] = ReachQuestionForm(ask_age_band=not is_minor(user))
        return context


class ReachQuestionView(MemberRequiredMixin, FormView):
    """The answer to the once-asked question of whom we reach (the home page's card): saved, or put aside."""

    form_class = ReachQuestionForm
    http_method_names = ["post"]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "ask_age_band": not is_minor(self.request.user)}

    def form_valid(self, form):
        not_now = "not_now" in self.request.POST
        reach_question_answer(
            user=self.request.user,
            sex=form.cleaned_data["sex"],
            age_band=form.cleaned_data.get("age_band"),
            not_now=not_now,
        )
        if not not_now:
            messages.success(self.request, _("Thank you: your answers are saved on your profile."))
        return redirect(local_path(self.request.POST.get("next"), self.request) or "home")

    def form_invalid(self, form):
        messages.error(self.request, _("That answer is not one of the choices."))
        return redirect("home")


class PrivacyView(PublicMixin, TemplateView):
    template_name = "privacy.html"


class ProfileView(MemberRequiredMixin, FormView):
    template_name = "people/profile.html"
    form_class = ProfileForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.request.user
        kwargs["ask_age_band"] = not is_minor(self.request.user)  # a youth delegate's follows from the birth date
        membership = user_primary_membership(user=self.request.user)
        if membership and "data" not in kwargs:
            kwargs["initial"] = {"organisation": membership.organisation}
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["membership"] = user_primary_membership(user=self.request.user)
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        user = profile_update(
            user=self.request.user,
            data={field: data[field] for field in form.Meta.fields if field in data},
            organisation=data.get("organisation"),
            new_organisation_name=data.get("new_organisation_name", ""),
            new_organisation_kind=data.get("new_organisation_kind", ""),
        )
        messages.success(self.request, _("Your profile has been saved."))
        response = redirect("profile")
        response.set_cookie("django_language", user.language, samesite="Lax", max_age=365 * 24 * 3600)
        return response


class OrganisationListView(OrganiserRequiredMixin, FormView):
    template_name = "organiser/organisations.html"
    form_class = OrganisationMergeForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = self.request.GET.get("q", "").strip()[:100]
        context["search"] = search
        context["organisations"] = organisation_list(search=search)
        return context

    def form_valid(self, form):
        keep = organisation_merge(duplicate=form.cleaned_data["duplicate"], keep=form.cleaned_data["keep"])
        messages.success(self.request, _("The organisations have been merged into “%(name)s”.") % {"name": keep})
        return redirect("organiser:organisations")


class OrganisationDetailView(OrganiserRequiredMixin, TemplateView):
    """An organisation's members: confirm requests, name or remove focal points, mark it reviewed."""

    template_name = "organiser/organisation_detail.html"

    @cached_property
    def organisation(self) -> Organisation:
        # Looked up only once the organiser gate has let the request through: nobody else learns which ids exist.
        return get_object_or_404(Organisation, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organisation"] = self.organisation
        context["memberships"] = organisation_memberships(organisation=self.organisation)
        return context

    def post(self, request, *args, **kwargs):
        form = MembershipActionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("That action is not possible."))
            return redirect("organiser:organisation", pk=self.organisation.pk)
        action = form.cleaned_data["action"]
        if action == "review":
            organisation_mark_reviewed(organisation=self.organisation)
            messages.success(request, _("The organisation is marked as reviewed."))
            return redirect("organiser:organisation", pk=self.organisation.pk)
        membership = get_object_or_404(Membership, pk=form.cleaned_data["membership"], organisation=self.organisation)
        if action == "confirm":
            membership_confirm(membership=membership, by=request.user)
            messages.success(request, _("%(person)s is now a confirmed member.") % {"person": membership.user})
        elif action == "focal_point":
            membership_set_focal_point(membership=membership, is_focal_point=True, by=request.user)
            messages.success(request, _("%(person)s is now a focal point.") % {"person": membership.user})
        elif action == "not_focal_point":
            membership_set_focal_point(membership=membership, is_focal_point=False, by=request.user)
            messages.success(request, _("%(person)s is no longer a focal point.") % {"person": membership.user})
        elif action == "remove":
            membership_remove(membership=membership)
            messages.success(request, _("%(person)s is no longer a member.") % {"person": membership.user})
        return redirect("organiser:organisation", pk=self.organisation.pk)
