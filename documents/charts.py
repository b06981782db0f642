"""Charts as SVG made on the server, one function per chart, for pages and PDFs alike.

Why pygal: it is a small pure-Python library (no numpy, no native code to build), kept up by Kozea (WeasyPrint's
authors, so its SVG is what WeasyPrint draws well), and it writes every label and value as an SVG `<text>`: the
browser shapes Khmer with the site's fonts, WeasyPrint with the fonts documents/ ships, and pdftotext finds them.
matplotlib would also keep text with `svg.fonttype` "none", but it lays text out with its own font metrics (no
Khmer shaping), weighs tens of megabytes with numpy, and styles every element with a `style=""` attribute, which
the site's Content-Security-Policy (`style-src 'self'`) refuses.

What pygal writes that the site must not carry is taken out of the tree before it is serialised: its
`<script>` (the tooltip configuration, written even with `js=[]`), its `<style>` (inline CSS) and every `style`
attribute. The look comes from `documents/static/documents/charts.css` instead: a `<link>` on pages (allowed by
the CSP), and the same file inside the SVG for PDFs (`for_pdf=True`; WeasyPrint is not bound by the CSP, and it
styles an SVG from the SVG's own `<style>`). Colours are the Okabe-Ito palette, distinct for colour-blind readers,
and the bars carry their values as text, so a greyscale print loses nothing.

A line chart's lines differ by colour and by dash pattern (charts.css), in the plot and in its legend, so a
greyscale print still tells them apart.

Each chart has an accessible name (`role="img"`, `aria-label` and the SVG's `<title>`); a chart never stands alone:
the caller shows its numbers in a table beside it.
"""

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pygal
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

from documents.fonts import FONT_STACK

CSS_FILE = Path(__file__).resolve().parent / "static" / "documents" / "charts.css"
BAR_HEIGHT = 34  # px per bar, so a long list of options stays readable
MIN_HEIGHT = 140
WIDTH = 400  # drawn at this size and scaled to its box: on a 360 px phone (a 336 px box) 14 px text shows at ~12 px
LABEL_CHARACTERS = 34  # a longer bar label ends in "…" (the table beside the chart has it whole)
FONT_SIZE = 14  # px, as charts.css sets it: pygal reserves room for the labels by it
LINE_HEIGHT = 220  # px of a line chart's plot and axis
LEGEND_ROW = 24  # px per line in a line chart's legend (one per row, so long titles fit a phone)


@cache
def chart_css() -> str:
    """The charts' stylesheet (the one pages link), to go inside an SVG that a PDF carries."""
    return CSS_FILE.read_text(encoding="utf-8")


# What every chart is drawn with: no script nor stylesheet of pygal's (the module docstring), an SVG to put inside
# a page (no XML declaration, no namespace prefixes), sized by its box, not by its width and height.
COMMON = {"js": [], "css": [], "disable_xml_declaration": True, "no_prefix": True, "explicit_size": False}


def _number(value) -> str:
    """A value printed on a chart, in the reader's number format (as the table beside it prints it)."""
    return number_format(value, use_l10n=True)


def needs_shaping(text: str) -> bool:
    # Past Latin Extended: scripts whose letters join or stack (Khmer, Thai, Myanmar...).
    return any(ord(character) > 0x24F for character in str(text))


def _is_tooltip_layer(element: ET.Element) -> bool:
    # The layer pygal's script would fill ("plot tooltip-overlay"), not the bars ("rect reactive tooltip-trigger").
    return "tooltip-overlay" in element.get("class", "").split()


def _clean(tree: ET.Element) -> None:
    """Remove scripts, inline styles, comments and the tooltip layer: nothing the CSP refuses or that needs JS."""
    for parent in tree.iter():
        for child in list(parent):
            # pygal builds its tree with bare tag names (the xmlns is an attribute); comments are its credits.
            if child.tag in ("script", "style", ET.Comment) or _is_tooltip_layer(child):
                parent.remove(child)
    for element in tree.iter():
        element.attrib.pop("style", None)


def _name(tree: ET.Element, name: str) -> None:
    tree.set("role", "img")
    tree.set("aria-label", name)
    tree.set("class", "chart-svg pygal-chart")
    tree.attrib.pop("id", None)
    title = tree.find("title")
    if title is None:
        title = ET.Element("title")
        tree.insert(0, title)
    title.text = name
    # The <title> must be the first child for an accessible name.
    tree.remove(title)
    tree.insert(0, title)


def bar_chart(
    *,
    name: str,
    labels: Sequence[str],
    values: Sequence[int | float | None],
    max_value: int | float | None = None,
    for_pdf: bool = False,
) -> SafeString:
    """A horizontal bar chart, one bar per label (top to bottom as given), each bar with its value printed.

    `name` is the chart's accessible name (what it shows, in the reader's language). Labels stay text. With
    `for_pdf`, the stylesheet travels inside the SVG (module docstring); otherwise the page links it.

    WeasyPrint 70 draws an SVG `<text>` letter by letter (weasyprint/svg/text.py), so Khmer, Thai or Myanmar
    letters that join or stack would print apart: in a PDF, labels in such a script become the bars' numbers
    (1, 2, 3...), and the table beside the chart, which WeasyPrint shapes as any HTML, numbers its rows the same.
    """
    labels = _for_pdf(labels, for_pdf)
    height = max(MIN_HEIGHT, BAR_HEIGHT * len(labels) + 60)
    chart = pygal.HorizontalBar(
        style=Style(label_font_size=FONT_SIZE, major_label_font_size=FONT_SIZE, value_font_size=FONT_SIZE),
        **COMMON,
        show_legend=False,
        print_values=True,
        print_values_position="top",
        truncate_label=LABEL_CHARACTERS,
        width=WIDTH,
        height=height,
        margin=8,
        spacing=8,
        show_y_guides=False,
        range=(0, max_value) if max_value else None,
        include_x_axis=True,
        value_formatter=_number,
    )
    # pygal draws the first label at the bottom of a horizontal chart: reverse, so the page reads top to bottom.
    chart.x_labels = list(reversed([str(label) for label in labels]))
    # Counts are whole numbers: ticks at whole steps (pygal would pick 0.2, 0.4...), about five of them.
    # A value not known (None) draws no bar and keeps its place, so bars and the table's rows stay numbered alike.
    known = [value for value in values if value is not None]
    top = max(max_value or 0, *known, 1)
    bottom = min(0, *known) if known else 0  # a loss (a negative gain) draws left of zero
    step = max(1, -(-int(top - bottom) // 5))
    first = -(-int(-bottom) // step) * -step
    chart.y_labels = list(range(first, int(top) + step, step))
    if bottom < 0:
        chart.range = (first, max(max_value or 0, top))
    chart.add(name, list(reversed(list(values))))
    return _finish(chart.render_tree(), name=name, for_pdf=for_pdf)


def _finish(tree: ET.Element, *, name: str, for_pdf: bool) -> SafeString:
    """The chart's SVG, cleaned (`_clean`), named (`_name`) and, for a PDF, with its stylesheet inside."""
    _clean(tree)
    _name(tree, name)
    if for_pdf:
        style = ET.Element("style")
        # An SVG inherits no font from the HTML around it in WeasyPrint: name the shipped fonts (documents.fonts).
        style.text = chart_css() + f"\n.chart-svg text {{ font-family: {FONT_STACK}; }}"
        tree.insert(1, style)
    return mark_safe(ET.tostring(tree, encoding="unicode"))  # noqa: S308 - built by pygal from escaped text


def _for_pdf(labels: Sequence[str], for_pdf: bool) -> list[str]:
    """`labels` as text, or, in a PDF where one needs shaping (bar_chart's docstring), their numbers 1, 2, 3..."""
    if for_pdf and any(needs_shaping(label) for label in labels):
        return [str(number) for number in range(1, len(labels) + 1)]
    return [str(label) for label in labels]


def _legend_as_lines(tree: ET.Element) -> None:
    """Each legend entry's colour box becomes a short stroke drawn like its line (colour and dash pattern), so a
    greyscale print still tells the lines apart; the legend's ids (pygal's script's handles) go."""
    for entry in tree.iter("g"):
        if "legend" not in entry.get("class", "").split():
            continue
        entry.attrib.pop("id", None)
        box = entry.find("rect")
        if box is None:
            continue
        serie = next(part for part in box.get("class", "").split() if part.startswith("color-"))
        x, y = float(box.get("x", 0)), float(box.get("y", 0)) + 6
        stroke = ET.Element(
            "line",
            {"x1": f"{x - 8:g}", "y1": f"{y:g}", "x2": f"{x + 12:g}", "y2": f"{y:g}", "class": f"legend-line {serie}"},
        )
        entry.remove(box)
        entry.insert(0, stroke)


def line_chart(
    *,
    name: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int | float | None]]],
    max_value: int | float | None = None,
    for_pdf: bool = False,
) -> SafeString:
    """Lines over `labels` (days, in order), one per (title, values) of `series`, with a legend under the chart.

    Each line has its colour (Okabe-Ito) and its dash pattern (charts.css: solid, dashed, dotted...), in the plot
    and in the legend, so they stay apart for colour-blind readers and in greyscale. Labels and titles stay text;
    in a PDF, those that need shaping become numbers as in bar_chart (the x labels their row numbers, the titles
    the numbers of the table's columns after the first). With many days, about six labels are shown.
    """
    labels = _for_pdf(labels, for_pdf)
    titles = _for_pdf([title for title, _values in series], for_pdf)
    values = [value for _title, line in series for value in line if value is not None]
    top = max(max_value or 0, *values, 1)
    step = max(1, -(-int(top) // 5))
    chart = pygal.Line(
        style=Style(label_font_size=FONT_SIZE, major_label_font_size=FONT_SIZE, legend_font_size=FONT_SIZE),
        **COMMON,
        show_legend=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=1,
        show_dots=len(labels) <= 1,  # a single day draws no line: a dot
        truncate_label=-1,
        truncate_legend=-1,
        width=WIDTH,
        height=LINE_HEIGHT + LEGEND_ROW * len(series),
        margin=8,
        show_x_guides=False,
        x_labels_major_count=6,
        show_minor_x_labels=False,
        include_x_axis=True,
        range=(0, int(top) + step) if max_value else None,
        value_formatter=_number,
    )
    chart.x_labels = labels
    chart.y_labels = list(range(0, int(top) + step, step))
    for title, (_title, line) in zip(titles, series, strict=True):
        chart.add(title, list(line))
    tree = chart.render_tree()
    _legend_as_lines(tree)
    return _finish(tree, name=name, for_pdf=for_pdf)


__all__ = ["bar_chart", "chart_css", "line_chart"]
