import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Joiners that Khmer, Myanmar, Arabic and other scripts need inside names.
ALLOWED_FORMAT_CHARACTERS = {"\u200b", "\u200c", "\u200d"}


def validate_no_control_characters(value: str) -> None:
    """Refuse control and invisible formatting characters (but keep the joiners scripts need)."""
    for char in value:
        category = unicodedata.category(char)
        if category == "Cc" or (category == "Cf" and char not in ALLOWED_FORMAT_CHARACTERS):
            raise ValidationError(
                _("Remove the invisible or control characters from this text."),
                code="control_characters",
            )


def validate_printable_name(value: str) -> None:
    """Refuse a name that certificates and badges could not print: a character none of our fonts covers."""
    from documents.fonts import characters_without_font

    missing = characters_without_font(value)
    if missing:
        raise ValidationError(
            _(
                "These characters cannot be printed on badges and certificates: %(characters)s. "
                "Write your name in another script, for example in Latin letters."
            ),
            code="unprintable",
            params={"characters": " ".join(missing[:10])},
        )
