"""Text kept in English and Khmer on a model (`title_en`, `title_km`): the reader's language picks one."""

from django.utils import translation


def localized(obj, field: str, language: str | None = None) -> str:
    """`<field>_km` for a Khmer reader when there is one, else `<field>_en`. `language` defaults to the active one
    (a page under /km/, or an e-mail or PDF rendered in `translation.override`)."""
    if (language or translation.get_language()) == "km":
        value = getattr(obj, f"{field}_km", "")
        if value:
            return value
    return getattr(obj, f"{field}_en")


class LocalizedTitle:
    """A mixin for a model with `title_en` and `title_km`: its `title` in the reader's language (localized)."""

    @property
    def title(self) -> str:
        return localized(self, "title")


class LocalizedText:
    """A mixin for a model with `text_en` and `text_km`: its `text` in the reader's language (localized)."""

    @property
    def text(self) -> str:
        return localized(self, "text")
