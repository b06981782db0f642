"""Demo data for the training programme: two courses, cohorts in the past, now and later, focal points and
staff of companies in several sectors and countries, enrolments, attendance and decided completion.

Idempotent: rows are looked up by their natural keys and only created when missing.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from people.demo import demo_user
from people.models import Membership, Organisation, User

from .demo_assessments import seed as seed_assessments
from .demo_crowd import seed as seed_crowd
from .demo_surveys import seed as seed_surveys
from .models import AttendanceChange, AttendanceRecord, Cohort, Course, Enrollment, TrainingSession
from .services.completion import cohort_decide_completion

COURSES = {
    "cop": {
        "title_en": "Child online protection for technology companies",
        "title_km": "ការការពារកុមារលើប្រព័ន្ធអនឡាញ សម្រាប់ក្រុមហ៊ុនបច្ចេកវិទ្យា",
        "summary_en": "What the ministry's guidelines ask of telecom operators, internet service providers, platforms "
        "and app makers, and how to put them into practice in your company.",
        "summary_km": "អ្វីដែលគោលការណ៍ណែនាំរបស់ក្រសួងតម្រូវពីក្រុមហ៊ុនទូរគមនាគមន៍ អ្នកផ្តល់សេវាអ៊ីនធឺណិត "
        "វេទិកា និងអ្នកបង្កើតកម្មវិធី និងរបៀបអនុវត្តនៅក្នុងក្រុមហ៊ុនរបស់អ្នក។",
        "outcomes_en": "Explain the risks children meet online\nApply the guidelines to your products\n"
        "Set up a child safeguarding policy",
        "outcomes_km": "ពន្យល់ពីហានិភ័យដែលកុមារជួបប្រទះលើអនឡាញ\nអនុវត្តគោលការណ៍ណែនាំលើផលិតផលរបស់អ្នក\nរៀបចំគោលនយោបាយការពារកុមារ",
        "hours": Decimal("12"),
        "guideline_version": "2026.1",
        "min_attendance_percent": 80,
        "late_counts_as_attended": True,
        "excused_excluded": True,
        "has_assessment": False,
        "pass_mark": None,
    },
    "report": {
        "title_en": "Reporting child sexual abuse material and other incidents",
        "title_km": "ការរាយការណ៍អំពីសម្ភារៈរំលោភបំពានផ្លូវភេទលើកុមារ និងឧប្បត្តិហេតុផ្សេងៗទៀត",
        "summary_en": "How to recognise, preserve and report child sexual abuse material and other incidents to the "
        "authorities and hotlines, safely and lawfully.",
        "summary_km": "របៀបស្គាល់ រក្សាទុក និងរាយការណ៍អំពីសម្ភារៈរំលោភបំពានផ្លូវភេទលើកុមារ "
        "និងឧប្បត្តិហេតុផ្សេងៗទៅអាជ្ញាធរ និងខ្សែទូរស័ព្ទជំនួយ ដោយសុវត្ថិភាព និងស្របច្បាប់។",
        "outcomes_en": "Recognise reportable content\nPreserve evidence without spreading it\nReport to the right body",
        "outcomes_km": "ស្គាល់ខ្លឹមសារដែលត្រូវរាយការណ៍\nរក្សាភស្តុតាងដោយមិនផ្សព្វផ្សាយ\nរាយការណ៍ទៅស្ថាប័នត្រឹមត្រូវ",
        "hours": Decimal("6"),
        "guideline_version": "2026.1",
        "min_attendance_percent": 100,
        "late_counts_as_attended": True,
        "excused_excluded": False,
        "has_assessment": True,
        "pass_mark": 70,
    },
}

# email, given, family, native, language, country, organisation, focal point
PEOPLE = [
    ("focal.angkor@example.org", "Rithy", "Chea", "ជា រិទ្ធី", "km", "KH", "Angkor Net", True),
    ("focal.siam@example.org", "Naree", "Srisuk", "นารี ศรีสุข", "en", "TH", "Siam Stream", True),
    ("focal.saigon@example.org", "Minh", "Trần", "Trần Văn Minh", "en", "VN", "Saigon Games Studio", True),
    ("focal.lioncity@example.org", "Mei", "Lim", "林美", "en", "SG", "Lion City Pay", True),
    ("sophea.mekong@example.org", "Sophea", "Lim", "លឹម សុភា", "km", "KH", "Mekong Mobile", False),
    ("bopha.angkor@example.org", "Bopha", "Heng", "ហេង បុប្ផា", "km", "KH", "Angkor Net", False),
    ("piyawat.siam@example.org", "Piyawat", "Chaiyo", "ปิยวัฒน์ ชัยโย", "en", "TH", "Siam Stream", False),
    ("linh.saigon@example.org", "Linh", "Phạm", "Phạm Thùy Linh", "en", "VN", "Saigon Games Studio", False),
    ("arif.lioncity@example.org", "Arif", "Rahman", "عارف رحمن", "en", "SG", "Lion City Pay", False),
]
# Someone who enrolled themselves naming Mekong Mobile: the focal point still has to confirm them.
PENDING = ("dara.pending@example.org", "Dara", "Nhem", "ញឹម ដារា", "km", "KH", "Mekong Mobile")

P, L, E, A = "present", "late", "excused", "absent"

COP_TOPICS = [
    "Children's rights and risks online",
    "The guidelines for technology companies",
    "Safeguarding policies",
]

# fmt: off
# code, course, first day offset, days, capacity, open, venue, online, language, sessions topics,
# enrolments: (email, attendance per session, score)
COHORTS = [
    (
        "COP-2026-01", "cop", -40, 3, 25, False, "Ministry of Posts and Telecommunications, Phnom Penh", "", "km",
        COP_TOPICS,
        [
            ("staff2@example.org", [P, P, P], None),
            ("sophea.mekong@example.org", [P, L, P], None),
            ("bopha.angkor@example.org", [P, E, P], None),
            ("piyawat.siam@example.org", [P, A, A], None),
            ("staff@example.org", [P, P, L], None),
            ("linh.saigon@example.org", [A, P, P], None),
        ],
    ),
    (
        "RPT-2026-01", "report", -25, 2, 20, False, "", "https://meet.example.org/rpt-2026-01", "en",
        ["Recognising reportable content", "Preserving evidence and reporting"],
        [
            ("sophea.mekong@example.org", [P, P], 82),
            ("bopha.angkor@example.org", [P, P], 64),
            ("arif.lioncity@example.org", [P, L], 90),
            ("piyawat.siam@example.org", [P, A], 75),
        ],
    ),
    (
        "COP-2026-02", "cop", -1, 3, 25, False, "Angkor Net training centre, Siem Reap", "", "km",
        COP_TOPICS,
        [
            ("staff2@example.org", [P, None, None], None),
            ("bopha.angkor@example.org", [L, None, None], None),
            ("arif.lioncity@example.org", [P, None, None], None),
            ("focal.saigon@example.org", [A, None, None], None),
        ],
    ),
    (
        "COP-2027-01", "cop", 21, 3, 25, True, "Ministry of Posts and Telecommunications, Phnom Penh", "", "km",
        COP_TOPICS,
        [("sophea.mekong@example.org", [None] * 3, None), ("linh.saigon@example.org", [None] * 3, None)],
    ),
    (
        "RPT-2027-01", "report", 45, 2, 20, True, "", "https://meet.example.org/rpt-2027-01", "en",
        ["Recognising reportable content", "Preserving evidence and reporting"],
        [("staff2@example.org", [None] * 2, None)],
    ),
]
# fmt: on


def _person(email, given, family, native, language, country) -> User:
    return demo_user(
        email, given_name=given, family_name=family, native_name=native, language=language, country=country
    )


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE))


def seed(*, stdout) -> None:
    organisations = {organisation.name: organisation for organisation in Organisation.objects.all()}
    for email, given, family, native, language, country, organisation_name, focal in PEOPLE:
        user = _person(email, given, family, native, language, country)
        Membership.objects.get_or_create(
            user=user,
            organisation=organisations[organisation_name],
            defaults={"status": Membership.Status.CONFIRMED, "is_focal_point": focal},
        )
    email, given, family, native, language, country, organisation_name = PENDING
    pending = _person(email, given, family, native, language, country)
    Membership.objects.get_or_create(user=pending, organisation=organisations[organisation_name])

    courses = {}
    for key, fields in COURSES.items():
        courses[key], _ = Course.objects.get_or_create(title_en=fields["title_en"], defaults=fields)

    trainer = User.objects.get(email="trainer@example.org")
    focal = User.objects.get(email="focal@example.org")
    today = timezone.localdate()
    for code, course_key, offset, days, capacity, is_open, venue, online, language, topics, enrolments in COHORTS:
        starts_on = today + datetime.timedelta(days=offset)
        cohort, created = Cohort.objects.get_or_create(
            code=code,
            defaults={
                "course": courses[course_key],
                "starts_on": starts_on,
                "ends_on": starts_on + datetime.timedelta(days=days - 1),
                "venue": venue,
                "online_url": online,
                "language": language,
                "capacity": capacity,
                "is_open_for_enrolment": is_open,
            },
        )
        cohort.trainers.add(trainer)
        if not created:
            continue
        sessions = [
            TrainingSession.objects.create(
                cohort=cohort,
                topic=topic,
                starts_at=_at(starts_on + datetime.timedelta(days=index), 9),
                ends_at=_at(starts_on + datetime.timedelta(days=index), 12),
                room="" if online else "Room 1",
            )
            for index, topic in enumerate(topics)
        ]
        for email, marks, score in enrolments:
            user = User.objects.get(email=email)
            membership = user.memberships.filter(status=Membership.Status.CONFIRMED).first()
            enrollment = Enrollment.objects.create(
                cohort=cohort,
                user=user,
                organisation=membership.organisation if membership else None,
                enrolled_by=focal if membership and membership.organisation.name == "Mekong Mobile" else user,
                assessment_score=score,
            )
            for session, mark in zip(sessions, marks, strict=True):
                if mark:
                    record = AttendanceRecord.objects.create(
                        session=session, enrollment=enrollment, status=mark, updated_by=trainer
                    )
                    # The roll-call's history, as if the trainer had tapped it at the end of the session.
                    AttendanceChange.objects.create(
                        session=session,
                        enrollment=enrollment,
                        record=record,
                        new_status=mark,
                        how=AttendanceChange.How.TAP,
                        changed_by=trainer,
                        changed_at=min(session.ends_at, timezone.now()),
                    )
        if sessions[-1].ends_at <= timezone.now():
            cohort_decide_completion(cohort=cohort)
    Enrollment.objects.get_or_create(
        cohort=Cohort.objects.get(code="COP-2027-01"),
        user=pending,
        defaults={"organisation": organisations[organisation_name], "enrolled_by": pending},
    )
    stdout.write(
        f"Trainings: {Course.objects.count()} courses, {Cohort.objects.count()} cohorts, "
        f"{Enrollment.objects.count()} enrolments."
    )
    seed_assessments(stdout=stdout)
    seed_crowd(stdout=stdout)
    seed_surveys(stdout=stdout)
