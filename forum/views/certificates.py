"""The organiser's certificates pages of a forum edition: participation (approved delegates ticked as having
attended) and speakers. Organisers only (404 for everyone else); youth delegates' names are shown here.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from people.errors import DomainError
from people.inputs import parse_id
from people.permissions import OrganiserRequiredMixin

from ..forms.certificates import AttendedDelegatesForm, SpeakersForm
from ..selectors.certificates import approved_delegates_with_certificates, speakers_with_certificates
from ..selectors.editions import edition_get_for_organiser
from ..services.certificates import participation_certificates_issue, speaker_certificates_issue


def _selected(request, name: str) -> set[int]:
    return {pk for pk in map(parse_id, request.POST.getlist(name)) if pk is not None}


def _issued_message(request, outcome) -> None:
    messages.success(
        request,
        _("Certificates issued: %(issued)s. Already issued before: %(existing)s.")
        % {"issued": len(outcome.issued), "existing": len(outcome.existing)},
    )


class _EditionCertificatesView(OrganiserRequiredMixin, View):
    template_name = ""
    form_class = None
    url_name = ""

    def rows(self, edition) -> list:
        raise NotImplementedError

    def choices(self, rows) -> list[tuple[int, str]]:
        raise NotImplementedError

    def issue(self, *, edition, ids, by):
        raise NotImplementedError

    def get(self, request, slug: str):
        edition = edition_get_for_organiser(slug=slug)
        rows = self.rows(edition)
        choices = self.choices(rows)
        form = self.form_class(choices=choices)
        # "Tick everyone" is a plain link (no JavaScript): the organiser then unticks who did not come.
        selected = {pk for pk, _label in choices} if request.GET.get("tick") == "all" else set()
        return self.render_page(edition, rows, form, selected=selected)

    def post(self, request, slug: str):
        edition = edition_get_for_organiser(slug=slug)
        rows = self.rows(edition)
        form = self.form_class(request.POST, choices=self.choices(rows))
        if form.is_valid():
            try:
                outcome = self.issue(edition=edition, ids=form.cleaned_data[form.field_name], by=request.user)
            except DomainError as error:  # the forum's rules, or certificates' (no template...)
                form.add_error(None, error.message)
            else:
                _issued_message(request, outcome)
                return redirect(self.url_name, slug=edition.slug)
        return self.render_page(edition, rows, form, selected=_selected(request, form.field_name))

    def render_page(self, edition, rows, form, selected):
        context = {
            "edition": edition,
            "rows": rows,
            "form": form,
            "errors": [*form.non_field_errors(), *form.errors.get(form.field_name, [])],
            "selected": selected,
            "valid_certificates": [r.certificate for r in rows if r.certificate is not None and r.certificate.is_valid],
        }
        return render(self.request, self.template_name, context)


class ParticipationCertificatesView(_EditionCertificatesView):
    """Approved delegates with an "attended" checkbox; issuing gives the ticked ones a participation certificate."""

    template_name = "forum/organiser/certificates.html"
    form_class = AttendedDelegatesForm
    url_name = "forum_organiser:certificates"

    def rows(self, edition):
        return approved_delegates_with_certificates(edition=edition)

    def choices(self, rows):
        return [(registration.pk, str(registration.pk)) for registration in rows]

    def issue(self, *, edition, ids, by):
        return participation_certificates_issue(edition=edition, registration_ids=ids, by=by)


class SpeakerCertificatesView(_EditionCertificatesView):
    """Session speakers (delegates or invited guests); issuing gives the ticked ones a speaker certificate."""

    template_name = "forum/organiser/certificates_speakers.html"
    form_class = SpeakersForm
    url_name = "forum_organiser:certificates_speakers"

    def rows(self, edition):
        return speakers_with_certificates(edition=edition)

    def choices(self, rows):
        return [(speaker.pk, str(speaker.pk)) for speaker in rows if speaker.may_receive_certificate]

    def issue(self, *, edition, ids, by):
        return speaker_certificates_issue(edition=edition, speaker_ids=ids, by=by)
