"""What a badge shows (forum.rules.badge_bands, badge_face): the band, in colour and in words, and the names."""

import pytest

from forum.models import Registration
from forum.rules import BAND_WORDS, Band, badge_bands, badge_face
from tests.factories import OrganisationFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db
Category = Registration.Category


def _registration(category=Category.TECH_COMPANY, **person):
    youth = category == Category.YOUTH
    return RegistrationFactory(
        user=UserFactory(**person),
        category=category,
        is_youth=youth,
        organisation=OrganisationFactory(name="Mekong Mobile"),
        status=Registration.Status.APPROVED,
    )


@pytest.mark.parametrize(
    ("category", "speaks", "bands"),
    [
        (Category.TECH_COMPANY, False, [Band.DELEGATE]),
        (Category.GOVERNMENT, True, [Band.SPEAKER]),
        (Category.MEDIA, False, [Band.MEDIA]),
        (Category.MEDIA, True, [Band.SPEAKER, Band.MEDIA]),
        (Category.STAFF, False, [Band.ORGANISER]),
        (Category.STAFF, True, [Band.ORGANISER, Band.SPEAKER]),
        (Category.GUEST, False, [Band.DELEGATE]),
        (Category.GUEST, True, [Band.SPEAKER]),
        (Category.YOUTH, False, [Band.YOUTH]),
        (Category.YOUTH, True, [Band.YOUTH, Band.SPEAKER]),
    ],
)
def test_badge_bands_the_first_is_worn(category, speaks, bands):
    assert badge_bands(_registration(category), speaks=speaks) == bands


def test_badge_face_youth_speaker_wears_youth_band_with_speaker_in_words():
    face = badge_face(_registration(Category.YOUTH), speaks=True)
    assert face.band == Band.YOUTH
    assert face.words == ["Youth", "Speaker"]


@pytest.mark.parametrize("band", list(Band))
def test_badge_band_has_words(band):
    assert str(BAND_WORDS[band]).strip()


def test_badge_face_adult_name_in_own_script_then_latin_with_organisation():
    face = badge_face(
        _registration(given_name="Sokha", family_name="Chan", native_name="ចាន់ សុខា", country="KH"), speaks=False
    )
    assert (face.name, face.name_latin, face.organisation) == ("ចាន់ សុខា", "Sokha Chan", "Mekong Mobile")
    assert face.country.code == "KH"


def test_badge_face_adult_without_own_script_prints_latin_once():
    face = badge_face(_registration(given_name="Siti", family_name="Rahayu", native_name=""), speaks=False)
    assert (face.name, face.name_latin) == ("Siti Rahayu", "")


def test_badge_face_youth_given_name_only_no_organisation_whatever_the_consent():
    registration = _registration(Category.YOUTH, given_name="Sreyneang", family_name="Chea", native_name="ជា ស្រីនាង")
    face = badge_face(registration, speaks=False)
    assert (face.name, face.name_latin, face.organisation) == ("Sreyneang", "", "")
    assert face.band == Band.YOUTH and face.words == ["Youth"]
