"""The placeholders of a certificate template's text: a fixed list, filled by plain substitution.

An organiser's text is data, never code: `str.format` would evaluate `{name.__class__}`, `{name[0]}` or
`{hours:>99999}`, so it is not used. `fill` replaces exactly `{name}`, `{subject}`... in one pass (a value that
holds braces is not filled again) and leaves every other brace as typed; `validate_placeholders` lets the template
form refuse, next to the field, anything between braces that is not one of them.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

PLACEHOLDERS = ("name", "subject", "dates", "hours", "guideline_version")

# What an organiser means as a placeholder: braces around anything without braces.
_BRACED = re.compile(r"\{([^{}]*)\}")


def placeholders_help() -> str:
    return " ".join(f"{{{name}}}" for name in PLACEHOLDERS)


def unknown_placeholders(text: str) -> list[str]:
    """Every `{...}` in the text that is not one of PLACEHOLDERS, in order, once each."""
    unknown: list[str] = []
    for match in _BRACED.finditer(text or ""):
        if match.group(1) not in PLACEHOLDERS and match.group(0) not in unknown:
            unknown.append(match.group(0))
    return unknown


def validate_placeholders(text: str) -> None:
    unknown = unknown_placeholders(text)
    if unknown:
        message = ngettext(
            "%(unknown)s is not a placeholder. Use only these: %(placeholders)s.",
            "%(unknown)s are not placeholders. Use only these: %(placeholders)s.",
            len(unknown),
        )
        raise ValidationError(
            message,
            code="unknown_placeholder",
            params={"unknown": ", ".join(unknown), "placeholders": placeholders_help()},
        )


def fill(text: str, values: dict[str, str]) -> str:
    """The text with each placeholder replaced by its value; anything else between braces stays as typed."""

    def replace(match: re.Match) -> str:
        key = match.group(1)
        return str(values.get(key, "")) if key in PLACEHOLDERS else match.group(0)

    return _BRACED.sub(replace, text)
