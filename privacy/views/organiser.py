"""The organisers' privacy pages (/organiser/privacy/): what each past forum edition keeps and until when, with the
days its personal data is kept (privacy.retention), and the log of every reveal of personal data in bulk
(people.access). Organisers with two-factor authentication only (404 for everyone else)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View

from forum.models import ForumEdition
from people.access import access_log
from people.dates import time_zone_label
from people.errors import form_submit
from people.inputs import parse_id
from people.permissions import OrganiserRequiredMixin

from ..organiser_forms import RetentionDaysForm
from ..retention import (
    MAX_DAYS,
    MIN_DAYS,
    personal_data_due_on,
    personal_data_is_due,
    retention_days_set,
    retention_schedule,
)

LOG_PAGE_SIZE = 50


def _saved(edition: ForumEdition) -> str:
    values = {"edition": edition, "date": date_format(personal_data_due_on(edition), "DATE_FORMAT")}
    if personal_data_is_due(edition):
        return (
            _(
                "The personal data of %(edition)s was due to be anonymised on %(date)s: the next run of the job, "
                "within minutes, anonymises it."
            )
            % values
        )
    return _("The personal data of %(edition)s will be anonymised on %(date)s.") % values


class RetentionView(OrganiserRequiredMixin, View):
    """GET: every edition with when its passport details and its personal data go (or went) and of how many; a form
    per edition for the days kept. POST `edition` (an id) and that edition's days: saved, or refused beside the field
    with the input kept; an edition that does not exist is 404."""

    template_name = "privacy/organiser/retention.html"

    def page(self, *, sent: RetentionDaysForm | None = None):
        sent_for = sent.edition.pk if sent is not None else None
        rows = [
            (row, sent if row.edition.pk == sent_for else RetentionDaysForm(edition=row.edition))
            for row in retention_schedule()
        ]
        context = {"rows": rows, "min_days": MIN_DAYS, "max_days": MAX_DAYS}
        return render(self.request, self.template_name, context)

    def post(self, request):
        edition = get_object_or_404(ForumEdition, pk=parse_id(request.POST.get("edition")))
        form = RetentionDaysForm(request.POST, edition=edition)
        done, saved = form_submit(form, retention_days_set, edition=edition, by=request.user)
        if not done:
            return self.page(sent=form)
        messages.success(request, _saved(saved))
        return redirect("privacy_organiser:retention")

    def get(self, request):
        return self.page()


class AccessLogView(OrganiserRequiredMixin, View):
    """Every reveal of personal data in bulk, newest first, LOG_PAGE_SIZE a page."""

    def get(self, request):
        page = Paginator(access_log(), LOG_PAGE_SIZE).get_page(request.GET.get("page"))
        zone = time_zone_label(settings.TIME_ZONE, timezone.localdate())
        context = {"page": page, "entries": page.object_list, "zone": zone}
        return render(request, "privacy/organiser/log.html", context)
