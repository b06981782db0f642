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


def test_line_chart_has_no_script_keeps_text_and_draws_each_line_apart():
    from documents.charts import line_chart

    svg = line_chart(
        name="ការចុះឈ្មោះ",
        labels=["1 Mar", "2 Mar", "3 Mar"],
        series=[("ចុះឈ្មោះ", [1, 3, 5]), ("Approved", [0, 1, 4]), ("Seats", [6, 6, 6])],
        max_value=6,
    )
    assert "<script" not in svg and "<style" not in svg and "style=" not in svg and "href" not in svg
    assert 'role="img"' in svg and 'aria-label="ការចុះឈ្មោះ"' in svg and ' id="' not in svg
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert {"1 Mar", "3 Mar", "ចុះឈ្មោះ", "Approved", "Seats"} <= set(texts)
    # One path per line, each in its own series (colour and dash pattern in charts.css), and in the legend a
    # stroke of the same series instead of a colour box.
    assert len(re.findall(r'class="series serie-\d color-\d"><path', svg)) == 3
    assert re.findall(r'class="legend-line (color-\d)"', svg) == ["color-0", "color-1", "color-2"]
    assert '<rect x="0.0" y="1.0" width="12"' not in svg


def test_line_chart_styles_give_each_line_its_own_dash_pattern():
    from documents.charts import chart_css

    css = chart_css()
    dashes = re.findall(r"\.serie-(\d) \.line \{ stroke-dasharray: ([\d,]+);", css)
    assert [serie for serie, _dash in dashes] == ["1", "2", "3"] and len({dash for _s, dash in dashes}) == 3
    for serie, dash in dashes:
        assert f".legend-line.color-{serie} {{ stroke-dasharray: {dash};" in css


def test_line_chart_for_a_pdf_numbers_titles_that_need_shaping():
    from documents.charts import line_chart

    svg = line_chart(name="x", labels=["1", "2"], series=[("ចុះឈ្មោះ", [1, 2]), ("អនុម័ត", [0, 1])], for_pdf=True)
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "<style>" in svg and "ចុះឈ្មោះ" not in texts and {"1", "2"} <= set(texts)
