"""The two optional questions of whom the programme reached (sex, age band): on the signup and the profile with
their reason, asked once of an existing account (a card on the home page: "Save" or "Not now"), never of a youth
delegate for an age band, and never shown on badges, exports or lists."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from openpyxl import load_workbook

from forum.exports.badges import TEMPLATE as BADGE_TEMPLATE
from forum.exports.badges import badge_context
from forum.models import Registration
from forum.services.credentials import credentials_issue_missing
from people.models import User
from tests.factories import (
    CohortFactory,
    EnrollmentFactory,
    ForumEditionFactory,
    RegistrationFactory,
    TrainingSessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REASON = "The programme reports whom it reached; optional."
CARD = "Two optional questions, asked once"


def _radios(content: str, name: str) -> list[str]:
    return re.findall(rf'<input type="radio"[^>]*name="{name}" value="([^"]*)"', content)


def test_signup_asks_both_questions_once_with_their_reason(client):
    content = client.get("/en/accounts/signup/").content.decode()
    assert content.count(REASON) == 2
    assert _radios(content, "sex") == ["", "female", "male", "another", "unsaid"]
    assert _radios(content, "age_band") == ["", "under_18", "18_24", "25_39", "40_plus"]
    assert "<legend" in content and "Not given" in content

    data = {"given_name": "Sokha", "password1": "a-long-and-unusual-passphrase"}
    data["password2"] = data["password1"]
    client.post("/en/accounts/signup/", {**data, "email": "answered@example.org", "sex": "female", "age_band": "18_24"})
    client.post("/en/accounts/signup/", {**data, "email": "silent@example.org"})
    answered, silent = User.objects.get(email="answered@example.org"), User.objects.get(email="silent@example.org")
    assert (answered.sex, answered.age_band) == ("female", "18_24") and answered.reach_asked_at is not None
    assert (silent.sex, silent.age_band) == ("", "") and silent.reach_asked_at is not None
    client.force_login(silent)
    assert CARD not in client.get("/en/").content.decode()  # asked at signup: not again


def test_profile_shows_both_fields_with_not_given_chosen_and_saves_them(client):
    user = UserFactory()
    client.force_login(user)
    content = client.get("/en/accounts/profile/").content.decode()
    assert REASON in content
    assert re.search(r'<input type="radio"[^>]*name="sex" value=""[^>]*checked', content)
    data = {"given_name": "Sokha", "language": "en", "country": "KH", "sex": "male", "age_band": "40_plus"}
    assert client.post("/en/accounts/profile/", data).status_code == 302
    user.refresh_from_db()
    assert (user.sex, user.age_band) == ("male", "40_plus") and user.reach_asked_at is not None
    content = client.get("/en/accounts/profile/").content.decode()
    assert re.search(r'<input type="radio"[^>]*name="age_band" value="40_plus"[^>]*checked', content)

    client.post("/en/accounts/profile/", {**data, "sex": "", "age_band": ""})
    user.refresh_from_db()
    assert (user.sex, user.age_band) == ("", "")


def test_an_existing_account_is_asked_once_on_the_home_page_not_now_or_save(client):
    anonymous = client.get("/en/").content.decode()
    assert CARD not in anonymous

    later, answers = UserFactory(), UserFactory()
    client.force_login(later)
    content = client.get("/en/").content.decode()
    assert CARD in content and 'name="not_now"' in content and REASON in content
    response = client.post("/en/accounts/profile/reach/", {"not_now": "Not now", "sex": "female"})
    assert response.status_code == 302 and response["Location"] == "/en/"
    later.refresh_from_db()
    assert later.reach_asked_at is not None and later.sex == ""  # "Not now" saves nothing else
    assert CARD not in client.get("/en/").content.decode()

    client.force_login(answers)
    client.post("/en/accounts/profile/reach/", {"sex": "another", "age_band": "25_39"})
    answers.refresh_from_db()
    assert (answers.sex, answers.age_band) == ("another", "25_39") and answers.reach_asked_at is not None
    assert CARD not in client.get("/en/").content.decode()
    assert client.get("/en/accounts/profile/reach/").status_code == 405


def test_a_youth_delegate_is_not_asked_an_age_band(client):
    youth = RegistrationFactory(is_youth=True, category=Registration.Category.YOUTH).user
    youth.age_band = ""
    youth.save()
    client.force_login(youth)
    home = client.get("/en/").content.decode()
    assert CARD in home and _radios(home, "sex") and not _radios(home, "age_band")
    profile = client.get("/en/accounts/profile/").content.decode()
    assert _radios(profile, "sex") and not _radios(profile, "age_band")
    client.post("/en/accounts/profile/reach/", {"sex": "female", "age_band": "40_plus"})
    youth.refresh_from_db()
    assert (youth.sex, youth.age_band) == ("female", "")


# --- Never shown on badges, certificates, lists or exports -----------------------------------------------------

SHOWN = ("Prefer not to say", "40 and over", "unsaid", "40_plus")


@pytest.fixture
def answered():
    return UserFactory(given_name="Chantha", sex="unsaid", age_band="40_plus")


def test_registration_exports_and_badges_do_not_carry_sex_or_age(organiser_client, answered):
    edition = ForumEditionFactory(slug="atf-reach")
    registration = RegistrationFactory(edition=edition, user=answered, status=Registration.Status.APPROVED)
    Registration.objects.filter(pk=registration.pk).update(reach_sex="unsaid", reach_age_band="40_plus")
    base = f"/en/organiser/forum/{edition.slug}/registrations/"
    listing = organiser_client.get(base).content.decode()
    text = organiser_client.get(f"{base}export.csv").content.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    workbook = load_workbook(io.BytesIO(organiser_client.get(f"{base}export.xlsx").content))
    cells = " ".join(str(cell.value) for row in workbook.active.iter_rows() for cell in row if cell.value)
    credential = credentials_issue_missing(registrations=[registration])[registration.pk]
    badge = render_to_string(BADGE_TEMPLATE, badge_context(registration, credential, speaks=False))
    assert "Chantha" in text and "Chantha" in cells and "Chantha" in listing
    assert not {"Sex", "Age"} & set(header)
    for shown in SHOWN:
        assert shown not in text and shown not in cells and shown not in badge and shown not in listing


def test_training_exports_do_not_carry_sex_or_age(organiser_client, answered):
    cohort = CohortFactory()
    TrainingSessionFactory(cohort=cohort)
    EnrollmentFactory(cohort=cohort, user=answered)
    text = organiser_client.get(f"/en/trainings/cohorts/{cohort.pk}/attendance.csv").content.decode("utf-8-sig")
    workbook = load_workbook(
        io.BytesIO(organiser_client.get(f"/en/trainings/cohorts/{cohort.pk}/attendance.xlsx").content)
    )
    cells = " ".join(str(cell.value) for row in workbook.active.iter_rows() for cell in row if cell.value)
    assert "Chantha" in text and "Chantha" in cells
    for shown in SHOWN:
        assert shown not in text and shown not in cells


def test_no_badge_certificate_or_export_names_the_reach_fields():
    """What prints or exports people (badges, certificates, sheets, exports) never reads sex or age band."""
    root = Path(settings.BASE_DIR)
    paths = [
        *root.glob("templates/forum/pdf/*.html"),
        *root.glob("templates/certificates/**/*.html"),
        *root.glob("forum/exports/*.py"),
        *root.glob("certificates/*.py"),
        root / "documents/exports.py",
        root / "trainings/views/attendance.py",
        root / "trainings/views/results.py",
    ]
    assert len(paths) > 10
    named = [str(path) for path in paths if re.search(r"\b(sex|age_band|reach_\w+)\b", path.read_text())]
    assert named == []


def test_an_older_account_whose_other_fields_no_longer_pass_today_s_checks_can_still_answer(client):
    # An account made before a validator existed (a control character in its position): the card checks its two
    # answers only, so answering saves them instead of failing on a field the card does not show.
    older = UserFactory()
    type(older).objects.filter(pk=older.pk).update(position="Head\x07of trust and safety")
    client.force_login(older)
    response = client.post("/en/accounts/profile/reach/", {"sex": "female", "age_band": "40_plus"})
    assert response.status_code == 302
    older.refresh_from_db()
    assert (older.sex, older.age_band) == ("female", "40_plus") and older.reach_asked_at is not None
