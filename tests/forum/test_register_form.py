"""The register form's cost (bench/register_form.py times it): its queries, pinned whatever the size of the
organisations' directory, on its first view and when it comes back with errors; and the long lists it shows (the
organisations, the countries in the page's language) keep what was chosen."""

import pytest

from forum.models import Registration
from tests.factories import ForumEditionFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
PATH = "/{language}/forum/atf-2027/register/"


@pytest.fixture
def edition():
    return ForumEditionFactory(slug="atf-2027")


@pytest.fixture
def delegate_client(client):
    client.force_login(UserFactory(country="KH"))
    return client


def _with_errors(organisation) -> dict:
    """What a delegate posts who forgot the agreements and their passport details."""
    return {"category": "tech_company", "organisation": organisation.pk, "position": "Trust and safety lead",
            "country": "TH", "needs_visa_letter": "on", "nationality": "VN"}  # fmt: skip


@pytest.mark.parametrize("count", [1, 10])
@pytest.mark.parametrize("language", ["en", "km"])
def test_register_form_query_count(delegate_client, edition, django_assert_num_queries, count, language):
    """The person's session and account, the edition, whether they registered already, the policies, the
    organisations' directory (one query, whatever its size), the menu's two role questions; shown again with
    errors, the organisation chosen is read once more."""
    organisations = [OrganisationFactory(name=f"Organisation {i:02d}") for i in range(count)]
    path = PATH.format(language=language)
    with django_assert_num_queries(8):
        page = delegate_client.get(path).content.decode()
    assert page.count("<option value=") > count + 2 * 200  # the directory, the countries and nationalities
    assert f">{organisations[-1].name}</option>" in page
    with django_assert_num_queries(9):
        response = delegate_client.post(path, _with_errors(organisations[-1]))
    assert response.status_code == 200 and not Registration.objects.exists()


def test_register_form_shown_again_keeps_the_choices_of_its_long_lists(delegate_client, edition):
    organisation = OrganisationFactory(name='Mekong "Safe" <Net> & Co')
    page = delegate_client.post(PATH.format(language="en"), _with_errors(organisation)).content.decode()
    assert "Needed for the visa invitation letter." in page
    assert f'<option value="{organisation.pk}" selected>Mekong &quot;Safe&quot; &lt;Net&gt; &amp; Co</option>' in page
    assert '<option value="TH" selected>Thailand</option>' in page
    assert (
        '<option value="VN" selected>Vietnam</option>' in page
        or '<option value="VN" selected>Viet Nam</option>' in page
    )
    assert page.count(" selected>") == 5  # organisation, country, nationality, category, guardian's language


def test_register_form_first_view_offers_the_persons_country_in_the_pages_language(delegate_client, edition):
    page = delegate_client.get(PATH.format(language="km")).content.decode()
    country = page[page.index('<select name="country"') : page.index("</select>", page.index('<select name="country"'))]
    assert '<option value="KH" selected>កម្ពុជា</option>' in country
