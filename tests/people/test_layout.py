"""Every form crispy renders opens with the summary of its errors, each linking to its field (templates/bootstrap5/
errors.html), and every form crispy builds is `novalidate` (people.layout.form_helper), so that the site's translated
errors show instead of the browser's bubbles in the browser's language."""

import re

import pytest
from django.utils import translation

from forum.models import Session
from tests.factories import (
    CohortFactory,
    FocalPointFactory,
    ForumEditionFactory,
    OrganisationFactory,
    RoomFactory,
    SessionFactory,
    UserFactory,
    forum_time,
)

pytestmark = pytest.mark.django_db


def _summary(page: str, summary_id: str = "error-summary") -> str:
    start = page.index(f'id="{summary_id}"')
    return page[start : page.index("</div>", start)]


def _form_tags(page: str) -> list[str]:
    return re.findall(r"<form\b[^>]*>", page.split('<main id="main"')[1])


def test_refused_session_form_room_clash_is_summarised_at_the_top_linking_to_the_field(organiser_client):
    edition = ForumEditionFactory()
    room = RoomFactory(edition=edition, name="Mekong Room")
    SessionFactory(room=room, title_en="Keynote", starts_at=forum_time(edition, 0, 9))
    day = edition.starts_on.isoformat()
    data = {"title_en": "New", "kind": "panel", "language": "en", "room": room.pk}
    data |= {"starts_at": f"{day}T09:30", "ends_at": f"{day}T10:30"}

    page = organiser_client.post(f"/en/organiser/programme/{edition.slug}/sessions/new/", data).text

    summary = _summary(page)
    assert "There is a problem with 1 answer. Please correct it below." in summary
    assert '<a class="alert-link" href="#id_starts_at">Starts at</a>' in summary
    assert "Mekong Room is already booked at that time by “Keynote”." in summary
    # At the top of the form: before its first field, inside its <form>; the page moves the focus to it.
    form_start = page.index("<form", page.index('<main id="main"'))
    assert form_start < page.index('id="error-summary"') < page.index('name="title_en"')
    assert 'tabindex="-1"' in page[page.index('id="error-summary"') - 120 : page.index('id="error-summary"')]
    assert "js/error-summary.js" in page
    assert Session.objects.count() == 1


@pytest.mark.parametrize(
    ("url", "data", "field"),
    [
        ("/en/organiser/forum/new/", {"slug": "x"}, "id_reference_prefix"),
        ("/en/organiser/trainings/courses/new/", {"title_en": ""}, "id_title_en"),
        ("/en/organiser/trainings/cohorts/new/", {"code": ""}, "id_course"),
        ("/en/organiser/certificates/templates/new/", {"name": ""}, "id_name"),
        ("/en/accounts/profile/", {"given_name": ""}, "id_given_name"),
    ],
)
def test_long_forms_open_with_the_summary_of_their_errors(organiser_client, url, data, field):
    response = organiser_client.post(url, data)
    assert response.status_code in (200, 400)
    summary = _summary(response.text)
    assert f'href="#{field}"' in summary
    for target in re.findall(r'href="#([\w-]+)"', summary):
        assert f'id="{target}"' in response.text, target


def test_room_form_and_policies_card_summarise_their_errors(organiser_client):
    edition = ForumEditionFactory()
    rooms = organiser_client.post(f"/en/organiser/programme/{edition.slug}/rooms/", {"name": "", "capacity": "-1"})
    assert 'href="#id_name"' in _summary(rooms.text) and 'href="#id_capacity"' in _summary(rooms.text)
    policies = organiser_client.post(f"/en/organiser/forum/{edition.slug}/policies/", {"kind": "privacy"})
    assert 'href="#id_text_en"' in _summary(policies.text)


def test_two_forms_of_one_page_keep_their_summaries_apart(client):
    """A form with a prefix (the company page's enrol forms) has ids of its own."""
    company = OrganisationFactory()
    client.force_login(FocalPointFactory(organisation=company).user)
    cohort = CohortFactory()
    page = client.post(f"/en/trainings/company/{company.pk}/enrol/", {"member-cohort": cohort.pk}).text
    assert page.count("data-error-summary") == 1
    assert 'id="error-summary-member"' in page and 'aria-labelledby="error-summary-member-title"' in page


def test_fresh_forms_have_no_summary(organiser_client):
    edition = ForumEditionFactory()
    page = organiser_client.get(f"/en/organiser/programme/{edition.slug}/sessions/new/").text
    assert "data-error-summary" not in page


def test_register_form_leaves_checking_to_the_site_in_the_readers_language(client):
    edition = ForumEditionFactory(slug="atf-2027")
    client.force_login(UserFactory(language="km"))
    fresh = client.get(f"/km/forum/{edition.slug}/register/").text
    assert any("novalidate" in tag for tag in _form_tags(fresh) if 'method="post"' in tag)
    page = client.post(f"/km/forum/{edition.slug}/register/", {"position": "Lead"}).text
    with translation.override("km"):
        required = translation.gettext("This field is required.")
    assert required in _summary(page)
    assert 'lang="km"' in page


def test_every_crispy_built_form_is_novalidate(client, organiser_client):
    """The profile (people), the forum's registration and the trainings' organiser forms are built by crispy."""
    edition = ForumEditionFactory(slug="atf-2027")
    pages = [
        organiser_client.get("/en/accounts/profile/").text,
        organiser_client.get(f"/en/forum/{edition.slug}/register/").text,
        organiser_client.get("/en/organiser/trainings/courses/new/").text,
        organiser_client.get("/en/organiser/organisations/").text,
    ]
    for page in pages:
        posted = [tag for tag in _form_tags(page) if 'method="post"' in tag and "logout" not in tag]
        assert posted, page[:200]
        assert all("novalidate" in tag for tag in posted), posted
