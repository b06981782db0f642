"""The reporter's forms: a concern, and what they add from their follow-up link. No field asks who they are but the
two they may leave empty."""

from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from people.inputs import upload_checked
from people.layout import form_helper
from people.validators import validate_no_control_characters

from .models import Concern
from .services import REPORT_FIELDS

# What a reporter may attach (content type -> the format Pillow must read; None: a PDF).
ATTACHMENT_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP", "application/pdf": None}
# A phone's photo is at most some 8,000 pixels a side; past this an image is refused like a decompression bomb.
ATTACHMENT_MAX_SIDE = 12_000
ABOUT_YOU = _(
    "You may stay anonymous: leave these empty. If you give a way to reach you, only the safeguarding officers read "
    "it, and they use it for this concern alone."
)
# The report's fields (services.REPORT_FIELDS) in their two parts: what happened, then who reports (optional).
ABOUT_THE_REPORTER = ("reporter_name", "reporter_contact")
WHAT_HAPPENED = tuple(field for field in REPORT_FIELDS if field not in ABOUT_THE_REPORTER)
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _text(label, *, max_length, help_text="", required=False, rows=None):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=widget,
        validators=[validate_no_control_characters],
    )


def _attachment_field():
    megabytes = settings.SAFEGUARDING_ATTACHMENT_MAX_BYTES // (1024 * 1024)
    return forms.FileField(
        label=_("A photo, a screenshot or a document (optional)"),
        required=False,
        help_text=_("JPEG, PNG, WebP or PDF, at most %(size)s MB. Only the safeguarding officers can open it.")
        % {"size": megabytes},
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ATTACHMENT_TYPES)}),
    )


class _AttachmentMixin:
    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            # The type the content shows, not the browser's word: the officers' download is served as this.
            upload.content_type = upload_checked(
                upload,
                types=ATTACHMENT_TYPES,
                max_bytes=settings.SAFEGUARDING_ATTACHMENT_MAX_BYTES,
                max_side=ATTACHMENT_MAX_SIDE,
                too_big=_("The file must be %(size)s MB or smaller.")
                % {"size": settings.SAFEGUARDING_ATTACHMENT_MAX_BYTES // (1024 * 1024)},
                wrong_type=_("Attach a JPEG, PNG or WebP image, or a PDF."),
            )
        return upload

    def clean(self):
        data = super().clean()
        if self._errors and data.get("attachment"):
            # A page sent back with errors cannot hold the file the browser sent.
            self.add_error("attachment", _("Choose the file again: it could not be kept while the form had errors."))
        return data


class ReportForm(_AttachmentMixin, forms.Form):
    """A concern about a child's safety, from anyone. Names match Concern's fields (services.REPORT_FIELDS)."""

    what_happened = _text(
        _("What happened?"),
        max_length=20_000,
        required=True,
        rows=6,
        help_text=_("In your own words: what you saw, heard or were told."),
    )
    happened_when = _text(
        _("When did it happen?"),
        max_length=200,
        help_text=_("A date and time, or roughly (“yesterday evening”), if you know."),
    )
    place = forms.ChoiceField(label=_("Where did it happen?"), choices=Concern.Place.choices, widget=forms.RadioSelect)
    place_details = _text(
        _("Where exactly?"), max_length=300, help_text=_("The room or session, the website, app or group, if you know.")
    )
    who_involved = _text(
        _("Who is involved?"),
        max_length=5_000,
        rows=3,
        help_text=_("The child or children, and anyone else, as far as you know. Leave it empty if you do not know."),
    )
    danger_now = forms.TypedChoiceField(
        label=_("Is a child in danger now?"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether a child is in danger now.")},
    )
    attachment = _attachment_field()
    reporter_name = _text(_("Your name (optional)"), max_length=200)
    reporter_contact = _text(
        _("How can the safeguarding officers reach you? (optional)"),
        max_length=300,
        help_text=_("A phone number or an e-mail address. Leave it empty to stay anonymous."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Send the report"))
        self.helper.form_id = "report-form"
        self.helper.layout = Layout(
            Fieldset(
                _("What happened"),
                *WHAT_HAPPENED,  # ending with "danger_now", whose "Yes" shows the numbers beside it
                HTML('{% include "safeguarding/report_danger_callout.html" %}'),
                "attachment",
            ),
            Fieldset(
                _("About you (optional)"),
                HTML(format_html('<p class="small text-body-secondary">{}</p>', ABOUT_YOU)),
                *ABOUT_THE_REPORTER,
            ),
        )

    @property
    def danger_now_said(self) -> bool:
        """Whether the reporter answered that a child is in danger now (also on a form sent back with errors)."""
        return self.is_bound and self.data.get("danger_now") == "yes"

    def report(self) -> dict:
        """What services.concern_report keeps, from a valid form."""
        return {field: self.cleaned_data[field] for field in REPORT_FIELDS}


class FollowUpForm(_AttachmentMixin, forms.Form):
    """What the reporter adds from their follow-up link: a message, a file, or both."""

    text = _text(_("What do you want to add or ask?"), max_length=20_000, rows=5)
    attachment = _attachment_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Send to the safeguarding officers"))
        self.helper.form_id = "follow-up-form"
