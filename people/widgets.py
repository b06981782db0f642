"""Widgets for every app's forms."""

import html

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


class LongSelect(forms.Select):
    """Django's Select, with the same markup, for lists of hundreds of choices (the countries, the organisations'
    directory). It is written here rather than through two templates for each option, which took most of the
    register form's time (bench/register_form.py), and its texts are escaped as Django escapes them (html.escape,
    a text marked safe as it is) without Django's check for lazy texts around each."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        # The attributes in their order, as django/forms/widgets/attrs.html writes them (flatatt sorts them).
        written = "".join(
            f" {_escape(key)}" if value is True else f' {_escape(key)}="{_escape(value)}"'
            for key, value in widget["attrs"].items()
            if value is not False
        )
        return format_html('<select name="{}"{}>{}</select>', widget["name"], mark_safe(written), widget["options"])  # noqa: S308

    def get_context(self, name, value, attrs):
        context = forms.Widget.get_context(self, name, value, attrs)  # not ChoiceWidget's: no option dictionaries
        context["widget"]["options"] = self.options_html(context["widget"]["value"])
        return context

    def options_html(self, values: list[str]) -> SafeString:
        """The <option>s (and <optgroup>s) of the choices, the first one whose value is in `values` selected (every
        one of them for a multiple select), as Django's select_option.html writes them."""
        chosen, left = set(values), {"to_select": True}

        def options(choices) -> str:
            return "".join(option(value, label) for value, label in choices)

        def option(value, label) -> str:
            if isinstance(label, list | tuple):
                return f'<optgroup label="{_escape(value)}">{options(label)}</optgroup>'
            value = "" if value is None else str(value)
            selected = left["to_select"] and value in chosen
            if selected and not self.allow_multiple_selected:
                left["to_select"] = False
            return f'<option value="{_escape(value)}"{" selected" if selected else ""}>{_escape(label)}</option>'

        return mark_safe(options(self.choices))  # noqa: S308 - every text in it escaped by _escape


def _escape(text) -> str:
    """What django.utils.html.conditional_escape makes of `text`, as a str."""
    if hasattr(text, "__html__"):
        return text.__html__()
    return html.escape(str(text))
