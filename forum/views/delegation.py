"""A nominator's delegation (forum.services.nominations): the people they invited with a coarse state each, one
more invited (one at a time or pasted from a spreadsheet), an invitation sent again or withdrawn, a place passed on
to another person, the head of delegation named. Only the nominator's own delegation: anyone who is not a
nominator of the edition, and any nomination of another delegation, answers 404. Thin: permission, one service or
selector, a message."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from people.errors import DomainError, action_done, form_add_error, form_submit
from people.permissions import MemberRequiredMixin

from ..forms.nominations import NominationForm, PasteForm
from ..nomination_rules import delegation_open
from ..selectors.nominations import delegation_for, nomination_of_nominator, nominator_for_or_404
from ..services.nominations import (
    nomination_invite,
    nomination_replace,
    nomination_resend,
    nomination_set_head,
    nomination_withdraw,
    nominations_invite_pasted,
)
from .mixins import EditionMixin


class NominatorMixin(MemberRequiredMixin, EditionMixin):
    """The requester's own nominator role for the edition in the URL: 404 for anyone who has none."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.nominator = nominator_for_or_404(edition=self.get_edition(), user=request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["nominator"] = self.nominator
        context["is_open"] = delegation_open(self.nominator)
        return context

    def to_delegation(self):
        return redirect("forum:delegation", slug=self.get_edition().slug)

    def closed(self):
        """The answer to a form sent after the deadline (the page no longer shows the forms)."""
        messages.error(self.request, _("The deadline for this delegation has passed: invitations are closed."))
        return self.to_delegation()


class DelegationView(NominatorMixin, TemplateView):
    """GET: the delegation and the two ways to invite; POST: one person invited (the refusal beside its field)."""

    template_name = "forum/delegation/delegation.html"

    def initial(self) -> dict:
        return {"language": self.request.user.language}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", NominationForm(initial=self.initial()))
        kwargs.setdefault("paste_form", PasteForm(initial=self.initial()))
        return super().get_context_data(delegation=delegation_for(nominator=self.nominator), **kwargs)

    def post(self, request, slug: str):
        if not delegation_open(self.nominator):
            return self.closed()
        form = NominationForm(request.POST)
        done, nomination = form_submit(form, nomination_invite, nominator=self.nominator, by=request.user)
        if not done:
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(
            request,
            _("%(name)s is invited: an e-mail with their personal link is on its way to %(email)s.")
            % {"name": nomination.name, "email": nomination.email},
        )
        return self.to_delegation()


class DelegationPasteView(DelegationView):
    """POST only: every line of a pasted list invited or refused, each with its reason; the list comes back with the
    refused lines only, to be corrected and sent again (the invited ones are not invited twice)."""

    http_method_names = ["post"]

    def post(self, request, slug: str):
        if not delegation_open(self.nominator):
            return self.closed()
        form = PasteForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(paste_form=form))
        language = form.cleaned_data["language"]
        try:
            outcomes = nominations_invite_pasted(
                nominator=self.nominator, text=form.cleaned_data["people"], language=language, by=request.user
            )
        except DomainError as error:
            form_add_error(form, error)
            return self.render_to_response(self.get_context_data(paste_form=form))
        refused = [outcome.text for outcome in outcomes if not outcome.ok]
        retry = PasteForm(initial={"people": "\n".join(refused), "language": language})
        return self.render_to_response(
            self.get_context_data(
                paste_form=retry, outcomes=outcomes, invited_count=len(outcomes) - len(refused), refused=refused
            )
        )


ACTIONS = {
    "resend": (
        nomination_resend,
        gettext_lazy("The invitation of %(name)s was sent again, with a new link: the old one no longer works."),
    ),
    "withdraw": (
        nomination_withdraw,
        gettext_lazy("The invitation of %(name)s is withdrawn: their link no longer works and the place is free."),
    ),
    "head": (nomination_set_head, gettext_lazy("%(name)s is the head of your delegation.")),
}


class NominationActionView(NominatorMixin, View):
    """POST: one button of a row (`action`: resend, withdraw or head) on one of the nominator's own nominations."""

    http_method_names = ["post"]
    action = ""

    def post(self, request, slug: str, pk: int):
        if self.action not in ACTIONS:
            raise Http404
        nomination = nomination_of_nominator(nominator=self.nominator, pk=pk)
        service, success = ACTIONS[self.action]
        action_done(request, service, success % {"name": nomination.name}, nomination=nomination, by=request.user)
        return self.to_delegation()


class NominationReplaceView(NominatorMixin, TemplateView):
    """GET: whom the place is taken from and the form for the person it passes to; POST: the first person's
    invitation (or registration) ends and they are told, the new person is invited. Another delegation's pk
    answers 404; a person no longer in the delegation, or a deadline passed, sends back to the page with a word."""

    template_name = "forum/delegation/replace.html"

    def member(self, pk: int):
        """The nomination's row of the delegation page (its coarse state, whether it can be replaced)."""
        self.nomination = nomination_of_nominator(nominator=self.nominator, pk=pk)
        member = next((m for m in delegation_for(nominator=self.nominator).members if m.pk == pk), None)
        if member is None:
            raise Http404
        return member

    def refusal(self, member) -> str | None:
        if not member.can_be_replaced:
            return _("%(name)s is no longer in your delegation (%(state)s): there is no place to pass on.") % {
                "name": member.name,
                "state": member.state.label.lower(),
            }
        if not delegation_open(self.nominator):
            return _("The deadline for this delegation has passed: places can no longer be passed on.")
        return None

    def form(self, data=None):
        initial = {"language": self.request.user.language}
        return NominationForm(data, initial=initial, submit_label=_("Invite them in this place"))

    def refused_or_render(self, member, form):
        refusal = self.refusal(member)
        if refusal:
            messages.info(self.request, refusal)
            return self.to_delegation()
        return self.render_to_response(self.get_context_data(member=member, form=form))

    def get(self, request, slug: str, pk: int):
        return self.refused_or_render(self.member(pk), self.form())

    def post(self, request, slug: str, pk: int):
        member = self.member(pk)
        form = self.form(request.POST)
        if self.refusal(member) is None:
            done, replacement = form_submit(form, nomination_replace, nomination=self.nomination, by=request.user)
            if done:
                messages.success(
                    request,
                    _("%(new)s is invited in the place of %(old)s, who has been told by e-mail.")
                    % {"new": replacement.name, "old": member.name},
                )
                return self.to_delegation()
        return self.refused_or_render(member, form)
