"""`{% each_language as titles %}…{% endeach_language %}`: the block rendered once in each of settings.LANGUAGES,
kept as {"en": "…", "km": "…"}, for what is stored once and shown later to readers of either language (the title of
a print job: templates/certificates/includes/print_actions.html)."""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.safestring import mark_safe

register = template.Library()


class EachLanguageNode(template.Node):
    def __init__(self, nodelist, target: str):
        self.nodelist = nodelist
        self.target = target

    def render(self, context) -> str:
        texts = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                # Rendered like any template text, so already escaped; white space collapsed as `trimmed` does.
                texts[code] = mark_safe(" ".join(self.nodelist.render(context).split()))  # noqa: S308
        context[self.target] = texts
        return ""


@register.tag
def each_language(parser, token):
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% each_language as name %}…{% endeach_language %}")
    nodelist = parser.parse(("endeach_language",))
    parser.delete_first_token()
    return EachLanguageNode(nodelist, bits[2])
