"""The frame of a data table, for every app's pages: `{% table label %}<thead>…</thead><tbody>…</tbody>{% endtable %}`.

The frame is the same everywhere (templates/includes/table.html): a region that scrolls sideways on a phone,
reachable with the keyboard and named by `label`, around a table captioned with the same words.

`stack=True` makes a wide table one card per row below 768 px instead (static/css/app.css, `.table-stack`): each
cell on a line of its own after its column's name, which the cell carries as `data-label` (written beside the
cell, as the header is written beside the column). It stays one table in the page, so a keyboard meets every
control once, in the same order, and a screen reader still has rows, headers and cells; a second card list
rendered from the same rows would give every check box and button twice."""

from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_block_tag
def table(content: str, label: str, *, classes: str = "align-middle", id: str = "", stack: bool = False) -> str:
    """`classes` come after Bootstrap's `table` on the table; `id` is the table's, for links and tests."""
    if stack:
        classes = f"{classes} table-stack"
    return render_to_string("includes/table.html", {"content": content, "label": label, "classes": classes, "id": id})
