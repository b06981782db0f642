"""A nominator's forms (forum.services.nominations): one person invited by name and e-mail (or put in the place of
another), and a list pasted from a spreadsheet. The services check the addresses, the duplicates and the places;
these forms only bound what is typed."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from people.layout import form_helper

from ..models import Nomination
from ..services.nominations import MAX_PASTED_LINES

# A pasted list of MAX_PASTED_LINES lines of a long name and a long address fits; anything longer is refused before
# it is read line by line.
MAX_PASTED_CHARACTERS = MAX_PASTED_LINES * 300


def _language_field():
    return forms.ChoiceField(
        label=_("Language of the e-mail"),
        choices=settings.LANGUAGES,
        help_text=_("The invitation and its link open in this language."),
    )


class NominationForm(forms.Form):
    """One person: the name as the nominator types it, the address the invitation goes to, its language."""

    name = Nomination._meta.get_field("name").formfield(label=_("Name"))
    email = Nomination._meta.get_field("email").formfield(label=_("E-mail address"), help_text="")
    language = _language_field()

    def __init__(self, *args, submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit_label or _("Send the invitation"))


class PasteForm(forms.Form):
    """Many people at once: one a line, a name and an address as a spreadsheet's two cells are copied."""

    people = forms.CharField(
        label=_("People to invite"),
        required=False,  # the service says what an empty list lacks, beside this field
        strip=False,
        max_length=MAX_PASTED_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "autocomplete": "off"}),
    )
    language = _language_field()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "paste")
        super().__init__(*args, **kwargs)
        # Formatted here, in the language of the request (a lazy string formatted at import would be English).
        people = self.fields["people"]
        people.help_text = _(
            "One person per line: name and e-mail, as copied from a spreadsheet (or separated by a comma). "
            "At most %(count)s lines."
        ) % {"count": MAX_PASTED_LINES}
        people.error_messages["max_length"] = _("The list is too long: paste at most %(count)s lines at once.") % {
            "count": MAX_PASTED_LINES
        }
