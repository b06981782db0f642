"""The training programme's figures (trainings.selectors.figures), their section of the dashboard and report
(reports.trainings) and the focal point's company page, on a small world whose every figure is known."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.tables import SMALL
from people.models import Organisation
from reports.periods import Period, year_period
from reports.trainings import trainings_section
from tests.factories import (
    AssessmentFactory,
    AttemptFactory,
    CertificateFactory,
    CohortFactory,
    CourseFactory,
    EnrollmentFactory,
    FocalPointFactory,
    MembershipFactory,
    OrganisationFactory,
    PastCohortFactory,
    RegistrationFactory,
    UserFactory,
)
from trainings import figure_tables
from trainings.models import Assessment, Enrollment
from trainings.selectors.figures import training_figures
from trainings.services.reach import reach_record_cohort

pytestmark = pytest.mark.django_db

P, L, X, A = "present", "late", "excused", "absent"


def _period() -> Period:
    today = timezone.localdate()
    return Period("year", today - datetime.timedelta(days=60), today + datetime.timedelta(days=60))


def _person(sex="", age="", country="KH", **kwargs):
    return UserFactory(sex=sex, age_band=age, country=country, **kwargs)


def _decided(enrollment, status):
    enrollment.status, enrollment.decided_at = status, timezone.now()
    enrollment.save()
    return enrollment


def _attempt(enrollment, kind, score):
    assessment = AssessmentFactory(course=enrollment.cohort.course, kind=kind)
    now = timezone.now()
    return AttemptFactory(assessment=assessment, enrollment=enrollment, submitted_at=now, score=score)


@pytest.fixture
def world():
    """Course "Late does not count" (A1: e1 not completed, e2 completed, e3 withdrawn, e4 completed with its reach
    recorded before its person's profile changed); course "Late counts" (B1: e5, no company, completed, pre 40 and
    post 80); a cohort running today (e6, nothing given); a cohort that ended before the period (not counted)."""
    late_not = CourseFactory(title_en="Late does not count", late_counts_as_attended=False)
    late_counts = CourseFactory(title_en="Late counts", late_counts_as_attended=True)
    a1, b1 = PastCohortFactory(course=late_not, code="A1"), PastCohortFactory(course=late_counts, code="B1")
    x = OrganisationFactory(name="Mekong Mobile", kind=Organisation.Kind.TECH_COMPANY, country="KH")
    y = OrganisationFactory(name="Angkor Aid", kind=Organisation.Kind.NGO, sector="", country="TH")
    e1 = EnrollmentFactory(cohort=a1, organisation=x, user=_person("female", "25_39"), attended=[P, L, A])
    e2 = EnrollmentFactory(cohort=a1, organisation=x, user=_person("male", "18_24"), attended=[P, P, P])
    e3 = EnrollmentFactory(cohort=a1, organisation=x, user=_person("female", "25_39"), attended=[P, P, P])
    e4 = EnrollmentFactory(cohort=a1, organisation=y, user=_person("female", "40_plus", ""), attended=[X, P, P])
    e3.status, e3.withdrawn_at = Enrollment.Status.WITHDRAWN, timezone.now()
    e3.save()
    _decided(e1, Enrollment.Status.NOT_COMPLETED)
    _decided(e2, Enrollment.Status.COMPLETED)
    _decided(e4, Enrollment.Status.COMPLETED)
    reach_record_cohort(cohort=a1)  # e4 (and the others of A1) recorded: female, 40 and over, TH, NGO
    e4.user.sex, e4.user.age_band, e4.user.country = "male", "18_24", "VN"
    e4.user.save()
    e5 = EnrollmentFactory(cohort=b1, organisation=None, user=_person("female", "25_39"), attended=[L, L, P])
    _decided(e5, Enrollment.Status.COMPLETED)
    _attempt(e5, Assessment.Kind.PRE, 40)
    _attempt(e5, Assessment.Kind.POST, 80)
    today = timezone.localdate()
    running = CohortFactory(code="RUN", starts_on=today - datetime.timedelta(days=1), ends_on=today)
    e6 = EnrollmentFactory(cohort=running, organisation=x, user=_person())
    before = PastCohortFactory(code="OLD", starts_on=today - datetime.timedelta(days=200))
    old = _decided(EnrollmentFactory(cohort=before, organisation=x, user=_person("male", "25_39")), "completed")
    for enrollment, status in ((e2, "valid"), (e3, "valid"), (e4, "revoked"), (e5, "valid"), (old, "valid")):
        revoked = {"revoked_at": timezone.now(), "revoked_reason": "Issued in error"} if status == "revoked" else {}
        CertificateFactory(
            source_key=enrollment.certificate_source_key, status=status, recipient=enrollment.user, **revoked
        )
    return {"x": x, "y": y, "e": [e1, e2, e3, e4, e5, e6], "courses": (late_not, late_counts)}


def _figures(**kwargs):
    period = _period()
    return training_figures(starts_on=period.starts_on, ends_on=period.ends_on, **kwargs)


def test_headline_figures(world):
    figures = _figures()
    assert figures.cohorts_running == 1
    assert figures.enrolled == 5  # e1, e2, e4, e5, e6: not the withdrawn e3, not the cohort before the period
    # A1 by its rule (late is not attended): e1 1 of 3, e2 3 of 3, e4 2 of 2 (excused leaves the count);
    # B1 by its rule (late is attended): e5 3 of 3; the running cohort has held no session.
    assert (figures.attended, figures.sessions_counted) == (9, 11)
    assert figures.attendance_percent == 82  # 10 of 11 (91) if A1's late mark counted
    assert figures.certificates == 3  # e2, e3 (a withdrawal leaves a certificate standing) and e5; e4's is revoked


def test_completion_and_knowledge_per_course(world):
    late_not, late_counts = world["courses"]
    courses = {course.course_id: course for course in _figures().courses}
    a, b = courses[late_not.pk], courses[late_counts.pk]
    assert (a.enrolled, a.decided, a.completed, a.completion_percent) == (3, 3, 2, 67)
    assert (b.enrolled, b.decided, b.completed, b.completion_percent) == (1, 1, 1, 100)
    assert not a.has_scores
    assert (b.average_pre, b.average_post, b.average_gain, b.took_both) == (40.0, 80.0, 40.0, 1)


def test_companies_and_their_staff(world):
    companies = {company.name: company for company in _figures().companies}
    assert set(companies) == {"Mekong Mobile", "Angkor Aid"}  # e5 enrolled for herself
    assert (companies["Mekong Mobile"].enrolled, companies["Mekong Mobile"].completed_by_sex) == (3, {"male": 1})
    # e4's recorded copy wins over the profile changed since (male now).
    assert (companies["Angkor Aid"].enrolled, companies["Angkor Aid"].completed_by_sex) == (1, {"female": 1})


def test_reach_counts_recorded_copy_wins(world):
    assert _figures().reach == {
        ("KH", "tech_company", "female", "25_39"): 1,
        ("KH", "tech_company", "male", "18_24"): 1,
        ("TH", "ngo", "female", "40_plus"): 1,  # recorded; the profile now says male, 18-24, VN
        ("KH", "", "female", "25_39"): 1,
        ("KH", "tech_company", "", ""): 1,
    }


def test_reach_faces_are_protected_jointly(world):
    _grow(world, 6)  # 12 people of Laos, 6 women and 6 men: the totals' row hides one small cell, then one more
    country_sex, sex_age, kind_sex = figure_tables.reach_tables(_figures())
    assert country_sex.protected and sex_age.protected and kind_sex.protected
    cells = {row.label: row.cells for row in country_sex.rows}
    assert cells["Cambodia"][0].hidden == SMALL  # 2 women of Cambodia
    assert country_sex.total().value == 17 and not country_sex.total().hidden
    totals = dict(zip(country_sex.columns, country_sex.rows[-1].cells, strict=True))
    # The small total of those who did not say hides, and at least one more of the row (which ones is
    # documents.suppression's choice, tested there): the grand total, every report's headline, stays shown.
    assert totals["Not given"].hidden == SMALL
    assert sum(bool(cell.hidden) for cell in totals.values()) >= 2 and not totals["Total"].hidden
    # Every line of a face hides none or at least two of its cells.
    for table in (country_sex, sex_age, kind_sex):
        for row in table.rows:
            assert sum(1 for cell in row.cells if cell.hidden) != 1


def test_reach_totals_published_elsewhere_are_not_hidden(world):
    """The "People enrolled" headline is the reach tables' grand total, and the companies' table gives back how many
    enrolled without a company: both shown in the reach tables as they are published."""
    section = trainings_section(period=_period())
    headline = next(headline for headline in section.headlines if headline.label == "People enrolled")
    tables = {figure.table.key: figure.table for figure in section.figures}
    assert headline.cell.text == "5" == tables["trainings-reach-country-sex"].total().text
    kinds = {row.label: row.cells for row in tables["trainings-reach-kind-sex"].rows}
    assert kinds["Individuals (no company)"][-1].text == "1"  # e5: 5 enrolled, 4 of them with the two companies listed


def test_section_headlines_link_to_lists(world):
    section = trainings_section(period=_period())
    labels = {headline.label: headline.cell for headline in section.headlines}
    assert labels["Attendance rate"].text == "82 %"
    assert labels["Cohorts running"].link == reverse("trainings_organiser:index")
    assert labels["Certificates issued"].link.startswith(reverse("certificates_organiser:list"))
    assert labels["Companies that trained staff"].value == 2
    completion = section.figures[0].table
    late_not, _late_counts = world["courses"]
    row = next(row for row in completion.rows if row.label == "Late does not count")
    assert row.link == reverse("trainings_organiser:course_results", args=[late_not.pk])
    assert [cell.text for cell in row.cells] == ["3", "3", "2", "67 %"]
    assert all("<svg" in figure.chart for figure in section.figures if figure.chart)
    keys = [figure.table.key for figure in section.figures]
    assert "trainings-knowledge" in keys and "trainings-reach-kind-sex" in keys


def test_section_for_pdf_has_no_links(world):
    section = trainings_section(period=_period(), for_pdf=True)
    assert all(not headline.cell.link for headline in section.headlines)
    assert all(not row.link for figure in section.figures for row in figure.table.rows)


def test_section_empty_without_anything_to_count(db):
    section = trainings_section(period=_period())
    assert section.empty and not section.headlines and not section.figures


# --- The focal point's company page ------------------------------------------------------------------------------


@pytest.fixture
def company_world(world):
    """Mekong Mobile's people made confirmed members, a minor among them enrolled in A1; its focal point."""
    x = world["x"]
    for enrollment in world["e"]:
        if enrollment.organisation_id == x.pk:
            MembershipFactory(organisation=x, user=enrollment.user)
    minor = _person("female", "under_18")
    MembershipFactory(organisation=x, user=minor)
    RegistrationFactory(user=minor, is_youth=True, category="youth")
    a1 = world["e"][0].cohort
    EnrollmentFactory(cohort=a1, organisation=x, user=minor, attended=[P, P, P])
    return FocalPointFactory(organisation=x, user=UserFactory(email="focal@mekong.example")).user


def test_figures_of_one_company_count_its_confirmed_members(world):
    assert _figures(organisation=world["x"]).is_empty  # not confirmed members: its focal point sees none of them


def test_company_figures_leave_minors_out(world, company_world):
    figures = _figures(organisation=world["x"])
    assert figures.enrolled == 3  # e1, e2, e6; not the minor
    assert figures.completed == 1  # e2
    assert figures.reach == {} and figures.companies == []  # no breakdown by a person's attributes


def _company_figures(client, company) -> str:
    page = client.get(reverse("trainings:company", args=[company.pk])).content.decode()
    return page.split('id="company-figures"')[1].split("</section>")[0]


def test_company_page_breaks_down_no_person_attribute(client, world, company_world):
    """Its focal point knows its staff by name: no breakdown by sex, age band, country or organisation type."""
    client.force_login(company_world)
    figures = _company_figures(client, world["x"])
    assert 'id="table-company-completion"' in figures
    for heading in ("Sex", "Age band", "Country", "Organisation type", "Female", "Male", "Cambodia", "< 5"):
        assert f">{heading}<" not in figures.replace("&lt;", "<")
    assert "Angkor Aid" not in figures


def test_company_page_figures_do_not_move_with_a_persons_sex_or_age(client, world, company_world):
    """Enrol one person, reload: what changes does not depend on who they are (no difference gives them away)."""
    x, a1 = world["x"], world["e"][0].cohort
    person = _person("female", "25_39")
    MembershipFactory(organisation=x, user=person)
    EnrollmentFactory(cohort=a1, organisation=x, user=person, attended=[P, P, P])
    client.force_login(company_world)
    as_a_woman = _company_figures(client, x)
    person.sex, person.age_band, person.country = "male", "40_plus", "VN"
    person.save()
    assert _company_figures(client, x) == as_a_woman
    assert ">4<" in as_a_woman  # e1, e2, e6 and the new person enrolled


# --- Query counts --------------------------------------------------------------------------------------------------


def _grow(world, count):
    """`count` more people in each of A1 and B1, with marks, decisions, scores and certificates."""
    a1, b1 = world["e"][0].cohort, world["e"][4].cohort
    for index in range(count):
        for cohort in (a1, b1):
            enrollment = EnrollmentFactory(
                cohort=cohort,
                organisation=OrganisationFactory(country="LA"),
                user=_person(("female", "male")[index % 2], "25_39", "LA"),
                attended=[P, L, A],
            )
            _decided(enrollment, Enrollment.Status.COMPLETED)
            _attempt(enrollment, Assessment.Kind.POST, 60)
            CertificateFactory(source_key=enrollment.certificate_source_key, recipient=enrollment.user)


@pytest.mark.parametrize("count", [0, 12])
def test_section_query_count(world, django_assert_num_queries, count):
    _grow(world, count)
    with django_assert_num_queries(6):
        section = trainings_section(period=_period())
    assert section.headlines[1].cell.value == 5 + 2 * count


@pytest.mark.parametrize("count", [1, 10])
def test_company_page_query_count(client, world, company_world, django_assert_num_queries, count):
    x = world["x"]
    a1 = world["e"][0].cohort
    for index in range(count):
        user = _person(("female", "male")[index % 2], "25_39")
        MembershipFactory(organisation=x, user=user)
        _decided(EnrollmentFactory(cohort=a1, organisation=x, user=user, attended=[P, P, L]), "completed")
    client.force_login(company_world)
    with django_assert_num_queries(19):
        response = client.get(reverse("trainings:company", args=[x.pk]))
    figures = response.content.decode().split('id="company-figures"')[1]
    assert 'id="table-company-completion"' in figures
    assert f'<dd class="h4 mb-0">{1 + count}</dd>' in figures  # completed: e2 and the `count` people


def test_a_past_period_counts_the_cohorts_held_in_it_not_those_running_today(db):
    today = timezone.localdate()
    CohortFactory(starts_on=datetime.date(2020, 3, 2), ends_on=datetime.date(2020, 3, 4))
    CohortFactory(starts_on=datetime.date(2019, 12, 30), ends_on=datetime.date(2020, 1, 2))  # across the new year
    CohortFactory(starts_on=datetime.date(2021, 1, 4), ends_on=datetime.date(2021, 1, 5))
    CohortFactory(starts_on=today - datetime.timedelta(days=1), ends_on=today + datetime.timedelta(days=1))
    past = training_figures(starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2020, 12, 31))
    assert (past.running_today, past.cohorts_running) == (False, 2)
    current = training_figures(starts_on=today.replace(month=1, day=1), ends_on=today.replace(month=12, day=31))
    assert (current.running_today, current.cohorts_running) == (True, 1)
    headline = trainings_section(period=year_period(2020)).headlines[0]
    assert (headline.label, headline.cell.value, headline.detail) == ("Cohorts held", 2, "in the period")
