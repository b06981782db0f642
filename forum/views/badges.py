"""The organisers' badges pages of a forum edition: every approved registration with its band, printing a selection
or everyone (A6, or four to an A4 sheet) and e-mailing the QR codes as jobs (documents' job pages, mounted in
forum/urls.py), reissuing a lost badge, and adding an invited guest or a staff member. Organisers only (404 for
everyone else); youth delegates' names are shown here.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from documents.errors import JobError
from people.errors import action_done, form_submit
from people.permissions import OrganiserRequiredMixin

from ..exports.badges import badge_pdf
from ..forms.badges import GuestForm
from ..jobs import EVERYONE, badge_job_everyone, job_titles
from ..selectors.badges import badge_registration_for_organiser, badge_rows
from ..services.credentials import credential_issue, credential_reissue
from ..services.guests import guest_add
from .mixins import EditionScopeMixin


class BadgesView(OrganiserRequiredMixin, EditionScopeMixin, TemplateView):
    """GET: the list, with "tick everyone" as a plain link (no JavaScript). POST `kind` (forum.jobs.EVERYONE: a6,
    a4, email): a job over everyone with a badge now, chosen on the server (a ticked selection posts its ids to
    documents' job pages instead); the job's page, or back here with the reason."""

    template_name = "forum/organiser/badges.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = badge_rows(edition=self.edition)
        ticked = {row.pk for row in rows} if self.request.GET.get("tick") == "all" else set()
        context.update(rows=rows, ticked=ticked, job_titles=job_titles(self.edition))
        return context

    def post(self, request, slug: str):
        back = reverse("forum_organiser:badges", kwargs={"slug": slug})
        kind = EVERYONE.get(request.POST.get("kind", ""))
        if kind is None:
            messages.error(request, _("Choose how to print or send the badges."))
            return redirect(back)
        try:
            job = badge_job_everyone(
                edition=self.edition, kind=kind, title=job_titles(self.edition), by=request.user, back_url=back
            )
        except JobError as error:
            if error.job is None:
                messages.error(request, error.message)
                return redirect(back)
            messages.info(request, error.message)  # the same job is under way: follow it
            job = error.job
        return redirect("forum_organiser:job", pk=job.pk)


class BadgeReissueView(OrganiserRequiredMixin, EditionScopeMixin, TemplateView):
    """GET: what a reissue does, and the button; POST: the old QR code stops working, a new one is issued."""

    template_name = "forum/organiser/badge_reissue.html"

    def get_registration(self):
        registration = badge_registration_for_organiser(edition=self.edition, pk=self.kwargs["pk"])
        if registration is None:
            raise Http404
        return registration

    def get_context_data(self, **kwargs):
        return super().get_context_data(registration=self.get_registration(), **kwargs)

    def post(self, request, slug: str, pk: int):
        registration = self.get_registration()
        reissued = _("%(reference)s has a new badge QR code: print the badge again. The old one no longer works.")
        action_done(
            request,
            credential_reissue,
            reissued % {"reference": registration.reference},
            registration=registration,
            by=request.user,
        )
        return redirect("forum_organiser:badges", slug=slug)


class GuestAddView(OrganiserRequiredMixin, EditionScopeMixin, TemplateView):
    template_name = "forum/organiser/badge_guest.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", GuestForm())
        return super().get_context_data(**kwargs)

    def post(self, request, slug: str):
        form = GuestForm(request.POST)
        done, registration = form_submit(form, guest_add, edition=self.edition, by=request.user)
        if not done:
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(
            request,
            _("%(person)s is added (%(category)s) and approved: %(reference)s. Their badge is ready to print.")
            % {
                "person": registration.user,
                "category": registration.get_category_display(),
                "reference": registration.reference,
            },
        )
        return redirect("forum_organiser:badges", slug=slug)


class BadgePdfView(OrganiserRequiredMixin, EditionScopeMixin, View):
    """One approved registration's A6 badge at once, in its delegate's language: the walk-in desk prints it while the
    person waits (a batch goes through the print jobs). Organisers only; 404 outside the edition or unapproved."""

    def get(self, request, slug: str, pk: int):
        registration = badge_registration_for_organiser(edition=self.edition, pk=pk)
        if registration is None:
            raise Http404
        pdf = badge_pdf(registration, credential_issue(registration=registration), speaks=registration.speaks)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="badge-{registration.reference}.pdf"'
        return response
