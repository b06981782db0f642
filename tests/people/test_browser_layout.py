"""The shared layout (base.html, header, app.css) at 360 px: menu, language switcher, tables, checkboxes."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE_TABLE = """
const box = document.createElement('div');
box.className = 'table-responsive';
box.innerHTML = '<table class="table"><caption class="visually-hidden">Hidden caption</caption>'
  + '<thead><tr>' + '<th>Completion rule</th>'.repeat(8) + '</tr></thead>'
  + '<tbody><tr>' + '<td>Technology company<span class="visually-hidden">hidden text</span></td>'.repeat(8)
  + '</tr></tbody></table>';
document.querySelector('main').append(box);
"""

CHECKBOX_WITH_HELP = """
const check = document.createElement('div');
check.className = 'form-check';
check.innerHTML = '<input class="form-check-input" type="checkbox" id="qa-check">'
  + '<label class="form-check-label" for="qa-check">'
  + 'I agree to be photographed and filmed at the forum, all three days</label>'
  + '<div class="form-text" id="qa-help">For youth delegates, your parent or guardian decides.</div>';
document.querySelector('main').append(check);
"""


def test_menu_collapses_and_switches_to_khmer_on_a_phone(phone_page, artifact_path):
    page = phone_page
    page.goto("/en/")
    assert not page.is_visible("#main-nav")
    page.click(".navbar-toggler")
    khmer = page.locator("button[name=language][value=km]")
    khmer.wait_for(state="visible")
    assert khmer.inner_text() == "ខ្មែរ"  # named in its own script, not "Khmer"
    assert page.locator("#main-nav a[aria-current=page]").inner_text() == "Home"
    page.screenshot(path=artifact_path("layout-menu-en-360.png"), full_page=True)
    khmer.click()
    page.wait_for_url("**/km/")
    assert page.locator("html").get_attribute("lang") == "km"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_wide_table_scrolls_inside_its_box_without_widening_the_page(phone_page):
    page = phone_page
    page.goto("/en/")
    page.evaluate(WIDE_TABLE)
    # Words stay whole (the table is wider than the box) and hidden text does not widen the page.
    assert page.evaluate("document.querySelector('.table-responsive table').scrollWidth") > 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_checkbox_help_text_goes_under_its_label(phone_page):
    page = phone_page
    page.goto("/en/")
    page.evaluate(CHECKBOX_WITH_HELP)
    label = page.locator("label[for=qa-check]").bounding_box()
    box = page.locator("#qa-check").bounding_box()
    help_text = page.locator("#qa-help").bounding_box()
    assert label["x"] > box["x"] + box["width"]  # label beside its box, even when it wraps
    assert help_text["y"] >= label["y"] + label["height"] - 1  # help under the label, not a third column
