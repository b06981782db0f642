"""A reporter's path in a browser, on a 360 px phone in Khmer, without an account: from the footer to the report
form; answering "a child is in danger now" shows the numbers beside the question at once (CSS, no script); the
answer gives the reference and the follow-up link with its copy button; the link opens the case, where the
reporter adds information. No page scrolls sideways."""

from safeguarding.models import CaseEntry, Concern
from tests.browser import BROWSER, assert_fits

from .report_helpers import WHAT

pytestmark = BROWSER


def test_a_reporter_reports_from_the_footer_and_follows_up_on_a_phone(phone_page, live_server, artifact_path):
    page = phone_page
    page.goto("/km/")
    page.click("footer a[href='/km/safeguarding/report/']")
    page.wait_for_url("**/km/safeguarding/report/")
    assert page.is_visible("[data-testid=emergency] a[href='tel:1280']")
    assert not page.is_visible("[data-testid=danger-callout]")

    page.check("#id_danger_now_0")  # Yes
    assert page.is_visible("[data-testid=danger-callout] a[href='tel:117']")
    page.fill("#id_what_happened", WHAT)
    page.check("#id_place_2")  # online
    assert_fits(page, 360)
    page.screenshot(path=artifact_path("safeguarding-report-360-km.png"), full_page=True)
    page.click("#submit-id-submit")

    page.wait_for_selector("[data-testid=reference]")
    concern = Concern.objects.get()
    assert (concern.danger_now, concern.place, concern.reporter_language) == (True, "online", "km")
    assert page.text_content("[data-testid=reference]") == concern.reference
    assert page.is_visible("button[data-copy]")  # shown by static/js/copy-link.js
    page.click("button[data-copy]")
    # A selector, not a JavaScript predicate: the site's Content-Security-Policy refuses the eval Playwright's
    # wait_for_function falls back to when the status is not there at once.
    page.wait_for_selector("#copy-status:not(:empty)")
    assert_fits(page, 360)
    link = page.input_value("[data-testid=follow-up-link]")

    page.goto(link.replace("https://forum.example.org", live_server.url))
    assert concern.reference in page.text_content("h1")
    page.fill("#id_text", "ខ្ញុំបានឃើញគាត់ម្តងទៀត។")
    page.click("#follow-up-form [type=submit]")
    page.wait_for_selector("[data-testid=added]")
    assert CaseEntry.objects.get(concern=concern).text == "ខ្ញុំបានឃើញគាត់ម្តងទៀត។"
    assert_fits(page, 360)
