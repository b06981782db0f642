import re

from documents.charts import bar_chart

KHMER = ["ខ្លីពេក", "ល្មម", "វែងពេក"]


def test_chart_for_a_page_has_no_script_no_inline_style_and_keeps_labels_as_text():
    svg = bar_chart(name="តើរយៈពេលសមរម្យទេ?", labels=KHMER, values=[3, 0, 12])
    assert "<script" not in svg and "<style" not in svg and "style=" not in svg and "href" not in svg
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-label="តើរយៈពេលសមរម្យទេ?"' in svg
    assert re.search(r"<svg[^>]*><title>តើរយៈពេលសមរម្យទេ\?</title>", svg)
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert set(KHMER) <= set(texts) and {"3", "0", "12"} <= set(texts)
    # Top to bottom as given: the first label is drawn highest (the smallest y).
    y = {label: float(re.search(rf'y="([\d.]+)"[^>]*>{label}<', svg).group(1)) for label in KHMER}
    assert y[KHMER[0]] < y[KHMER[1]] < y[KHMER[2]]


def test_chart_escapes_its_labels():
    svg = bar_chart(name="<b>x</b>", labels=["<img src=x>", "A & B"], values=[1, 2])
    assert "<img" not in svg and "&lt;img src=x&gt;" in svg and "A &amp; B" in svg


def test_chart_for_a_pdf_carries_its_stylesheet_and_numbers_labels_that_need_shaping():
    svg = bar_chart(name="Length", labels=KHMER, values=[3, 0, 12], for_pdf=True)
    assert "<style>" in svg and ".chart-svg .color-0" in svg and "ATF Khmer" in svg
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert not set(KHMER) & set(texts) and {"1", "2", "3"} <= set(texts)
    latin = bar_chart(name="Length", labels=["Too short", "Right"], values=[1, 2], for_pdf=True)
    assert "Too short" in latin
