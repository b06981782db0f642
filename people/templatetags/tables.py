"""The frame of a data table, for every app's pages: `{% table label %}<thead>…</thead><tbody>…</tbody>{% endtable %}`.

The frame is the same everywhere (templates/includes/table.html): a region that scrolls sideways on a phone,
reachable with the keyboard and named by `label`, around a table captioned with the same words."""

from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_block_tag
def table(content: str, label: str, *, classes: str = "align-middle", id: str = "") -> str:
    """`classes` come after Bootstrap's `table` on the table; `id` is the table's, for links and tests."""
    return render_to_string("includes/table.html", {"content": content, "label": label, "classes": classes, "id": id})
