"""The organiser's live attendance page of a day, a delegate's attendance override page, and the participation
certificates page: what they show, the errors beside their fields, and their queries pinned at 1 and 10 rows."""

import pytest
from django.urls import reverse

from forum.models import AttendanceOverride
from tests.factories import SessionFactory, SessionSpeakerFactory, UserFactory
from tests.factories.programme import RoomFactory, forum_time
from tests.forum.attendance.helpers import check_in, station

pytestmark = pytest.mark.django_db


def _page(edition, query=""):
    return reverse("forum_organiser:attendance", args=[edition.slug]) + query


def _session(edition, day=1, capacity=40, title="Safety by design"):
    room = RoomFactory(edition=edition, capacity=capacity)
    return SessionFactory(
        room=room, title_en=title, starts_at=forum_time(edition, day, 10), ends_at=forum_time(edition, day, 11)
    )


def _breakdown(response, name):
    return dict(getattr(response.context["figures"], name))


def test_todays_figures_by_band_country_and_category(organiser_client, edition, approved):
    youth_speaker = approved(is_youth=True, category="youth", country="KH")
    speaker = approved(category="government", country="TH")
    delegates = [approved(category="tech_company", country="KH") for _ in range(2)]
    absent = approved(user=UserFactory(given_name="Absent", family_name="Person"), country="VN")
    session = _session(edition)
    SessionSpeakerFactory(session=session, registration=youth_speaker, guest_name="")
    SessionSpeakerFactory(session=session, registration=speaker, guest_name="")
    door = station(edition)
    for registration in (youth_speaker, speaker, *delegates):
        check_in(registration, day=1, at=door)
    check_in(absent, day=0, at=door)  # came yesterday only
    check_in(absent, day=1, at=door, counts=False, outcome="not_approved")  # a refused scan does not count

    response = organiser_client.get(_page(edition))

    figures = response.context["figures"]
    assert response.context["day"] == edition.ends_on  # today, in the forum's zone
    assert (figures.approved, figures.checked_in, figures.no_shows) == (5, 4, 1)
    assert _breakdown(response, "by_band") == {"Youth": 1, "Speaker": 1, "Delegate": 2}  # youth wins
    assert _breakdown(response, "by_country") == {"Cambodia": 3, "Thailand": 1}
    assert _breakdown(response, "by_category") == {"Youth": 1, "Government": 1, "Technology company": 2}
    assert [r.pk for r in response.context["no_shows"]] == [absent.pk]
    content = response.content.decode()
    assert "Absent Person" in content
    assert 'data-testid="checked-in">4<' in content


def test_another_day_and_a_day_that_is_not_the_forums(organiser_client, edition, approved):
    registration = approved()
    check_in(registration, day=0)
    response = organiser_client.get(_page(edition, f"?day={edition.starts_on.isoformat()}"))
    assert response.context["figures"].checked_in == 1

    response = organiser_client.get(_page(edition, "?day=1999-01-01"))
    assert response.status_code == 200
    assert response.context["form"].errors["day"] == ["Choose one of the forum's days."]
    assert "Choose one of the forum&#x27;s days." in response.content.decode()
    assert response.context["day"] == edition.ends_on


def test_sessions_count_room_door_check_ins_against_capacity(organiser_client, edition, approved):
    session = _session(edition, capacity=40)
    other = _session(edition, capacity=12, title="Reporting")
    door = station(edition, session=session, name="Room A")
    for registration in (approved(), approved()):
        check_in(registration, day=1, session=session, at=door)
    check_in(approved(), day=1, session=session, at=door, counts=False, outcome="wrong_day")

    response = organiser_client.get(_page(edition))

    counts = {s.pk: (s.checked_in, s.room.capacity) for s in response.context["sessions"]}
    assert counts == {session.pk: (2, 40), other.pk: (0, 12)}
    content = response.content.decode()
    assert f'data-testid="session-{session.pk}">2 of 40 seats' in content


def test_htmx_gets_the_figures_alone(organiser_client, edition, approved):
    check_in(approved(), day=1)
    response = organiser_client.get(_page(edition), headers={"HX-Request": "true"})
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="attendance-figures"')
    assert "<html" not in content
    assert 'hx-trigger="every 30s"' in content


def _rows(edition, approved, n):
    door, session = station(edition), _session(edition)
    room_door = station(edition, session=session, name="Room A")
    for i in range(n):
        registration = approved(is_youth=i % 3 == 0, country=["KH", "TH", "VN"][i % 3])
        check_in(registration, day=1, at=door)
        check_in(registration, day=1, session=session, at=room_door)
        approved()  # a no-show


@pytest.mark.parametrize("n", [1, 10])
def test_attendance_page_queries(organiser_client, edition, approved, django_assert_num_queries, n):
    _rows(edition, approved, n)
    # The signed-in organiser (session, user, two-factor) and the console's menu (trainer? focal point? editions): 6;
    # the page: edition, figures (one grouped query), no-shows, sessions with their door counts.
    with django_assert_num_queries(10):
        response = organiser_client.get(_page(edition))
    assert response.context["figures"].checked_in == n
    assert len(response.context["no_shows"]) == n


@pytest.mark.parametrize("n", [1, 10])
def test_certificates_page_queries(organiser_client, edition, approved, django_assert_num_queries, n):
    _rows(edition, approved, n)
    # 6 for every organiser page (as above); edition, delegates with their attendance (one query), certificates.
    with django_assert_num_queries(9):
        response = organiser_client.get(reverse("forum_organiser:certificates", args=[edition.slug]))
    rows = response.context["rows"]
    assert len(rows) == 2 * n
    assert rows[-1].days_checked_in in (0, 1)


# --- The override page ------------------------------------------------------------------------------------------


def _override(edition, registration):
    return reverse("forum_organiser:attendance_override", args=[edition.slug, registration.pk])


def test_override_needs_a_reason_beside_the_field_then_is_kept_and_removed(
    organiser_client, organiser, edition, approved
):
    registration = approved()
    check_in(registration, day=0)
    url = _override(edition, registration)
    page = organiser_client.get(url).content.decode()
    assert "Checked in at the doors on 1 of the 2 days needed" in page
    assert "Attended: not yet." in page

    response = organiser_client.post(url, {"action": "grant", "reason": "   "})
    assert response.status_code == 400
    assert response.context["form"].errors["reason"] == ["Say why this delegate counts as having attended."]
    assert not AttendanceOverride.objects.exists()

    response = organiser_client.post(url, {"action": "grant", "reason": "Signed the paper list on day 2"})
    assert response.status_code == 302
    override = AttendanceOverride.objects.get()
    assert (override.reason, override.created_by, override.is_active) == (
        "Signed the paper list on day 2",
        organiser,
        True,
    )
    certificates = organiser_client.get(reverse("forum_organiser:certificates", args=[edition.slug])).content.decode()
    assert f'id="attended-{registration.pk}" checked' in certificates
    assert "Yes, by an organiser" in certificates

    response = organiser_client.post(url, {"action": "remove", "removal_reason": "Not on the list after all"})
    assert response.status_code == 302
    override.refresh_from_db()
    assert (override.is_active, override.removed_by, override.removal_reason) == (
        False,
        organiser,
        "Not on the list after all",
    )
    page = organiser_client.get(url).content.decode()
    assert "Signed the paper list on day 2" in page and "Not on the list after all" in page
    assert "Attended: not yet." in page
