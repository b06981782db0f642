"""The PDF's text layer: every line WeasyPrint draws carries its own text as /ActualText.

A PDF reader copies, searches and reads aloud the text that the font's ToUnicode map gives each glyph. WeasyPrint
(checked against 70.0) builds that map glyph by glyph, the first text a glyph is drawn with winning for the whole
document, so a script that draws one character as several glyphs, or one glyph for several characters, loses or
borrows letters: Khmer's subscript ro (`ស្រី` then `សុខ` extracts as `ស្រុខ`), Khmer vowel signs
(`ឆ្នាំ` as `ឆ្នា ំ`), Thai and Myanmar marks, a Vietnamese name typed decomposed after the same name composed.
The map cannot be right: it has one text per glyph, and these glyphs need one per place they are drawn
(upstream Kozea/WeasyPrint#2841).

So each line is wrapped in a marked-content span, `/Span <</ActualText (its text)>> BDC ... EMC` (PDF 32000-1,
14.9.4), which readers that honour it (poppler: pdftotext and the viewers built on it; Acrobat) take instead of
the glyphs' text. The glyphs, the fonts and their ToUnicode maps are untouched, so the page looks exactly the
same; pypdf ignores ActualText and still reads the glyph map (tests/documents/pdfs.py has both).

A line with right-to-left letters (Arabic, Jawi) gets no span: poppler lays a span's characters out left to right
and then reads them back as right-to-left text, backwards. Such a line keeps WeasyPrint's glyph map, which
poppler reads in order.

WeasyPrint has no hook for this: `draw_text` and SVG text call `weasyprint.draw.text.draw_first_line(stream,
textbox, ...)` by module attribute for each line, between BT and ET. `actual_text_spans()` puts a wrapper there
for the duration of a render (documents.render holds its render lock around it) and puts the original back.
tests/documents/test_text_layer.py fails when the installed WeasyPrint is not the one checked here or the
function changes shape: check the wrapper against the new source, then update `CHECKED_WEASYPRINT`.
"""

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

import pydyf
from weasyprint.draw import text as weasyprint_text

CHECKED_WEASYPRINT = "70.0"
DRAW_FIRST_LINE = weasyprint_text.draw_first_line


def _line_text(textbox) -> str:
    """The text of the line just drawn: its layout's first line, in logical order (after any ellipsis)."""
    line, _ = textbox.pango_layout.get_first_line()
    utf8 = textbox.pango_layout.text.encode()
    return utf8[line.start_index : line.start_index + line.length].decode()


def _right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(character) in ("R", "AL") for character in text)


def _draw_first_line_in_span(stream, textbox, *args, **kwargs):
    start = len(stream.stream)
    emojis = DRAW_FIRST_LINE(stream, textbox, *args, **kwargs)
    if len(stream.stream) == start:  # nothing is drawn for a blank line
        return emojis
    # After drawing: the line to label is the one drawn, which an ellipsis may have changed.
    text = _line_text(textbox)
    if not _right_to_left(text):  # poppler would read the span backwards (see above)
        span = pydyf.Dictionary({"ActualText": pydyf.String(text)})
        stream.stream.insert(start, b"/Span " + span.data + b" BDC")
        stream.end_marked_content()
    return emojis


@contextmanager
def actual_text_spans() -> Iterator[None]:
    """While open, every line WeasyPrint draws is a span carrying its text. Not reentrant, not for two threads:
    callers hold documents.render's render lock."""
    weasyprint_text.draw_first_line = _draw_first_line_in_span
    try:
        yield
    finally:
        weasyprint_text.draw_first_line = DRAW_FIRST_LINE
