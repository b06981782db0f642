"""Demo programme of the 2027 forum: four rooms, three days, Khmer titles, delegate and guest speakers.

Call `seed(stdout=...)` after `forum.demo.seed`; it finds the edition "atf-2027" and creates nothing when the
edition is missing or already has a programme (idempotent). Writes go through the programme services.
"""

import datetime
import zoneinfo

from ..models import ForumEdition, Registration, Room
from ..services.programme import programme_publish, room_create, session_create, speaker_add

SLUG = "atf-2027"

ROOMS = [
    ("Plenary Hall", 400, "Ground floor, main entrance"),
    ("Mekong Room", 120, "First floor, left of the escalator"),
    ("Angkor Room", 80, "First floor, right of the escalator"),
    ("Bassac Room", 40, "Second floor, by the lifts"),
]

# day, start, end, room, kind, track, title_en, title_km, sign-up places, speakers
# speakers: ("delegate", email, role) or ("guest", name, title, organisation, role)
SESSIONS = [
    (0, "08:00", "09:00", "Plenary Hall", "break", "", "Registration and welcome coffee",
     "ការចុះឈ្មោះ និងកាហ្វេស្វាគមន៍", None, []),
    (0, "09:00", "10:30", "Plenary Hall", "plenary", "", "Opening plenary: keeping ASEAN's children safe online",
     "សម័យប្រជុំពេញអង្គបើក៖ ការពារកុមារអាស៊ានលើប្រព័ន្ធអនឡាញ", None,
     [("guest", "H.E. Chea Vandeth", "Minister of Posts and Telecommunications", "MPTC", "speaker"),
      ("guest", "Will Parks", "Representative", "UNICEF Cambodia", "speaker")]),
    (0, "10:30", "11:00", "Plenary Hall", "break", "", "Coffee break", "សម្រាកពិសាកាហ្វេ", None, []),
    (0, "11:00", "12:30", "Mekong Room", "panel", "Platform safety", "Safety by design on social platforms",
     "សុវត្ថិភាពតាមការរចនានៅលើវេទិកាសង្គម", None,
     [("delegate", "delegate@example.org", "speaker"),
      ("guest", "Dr Sophea Chan", "Director", "Child Safety Lab", "moderator")]),
    (0, "11:00", "12:30", "Angkor Room", "panel", "Reporting", "CSAM reporting: from hotline to takedown",
     "ការរាយការណ៍សម្ភារៈរំលោភបំពានផ្លូវភេទលើកុមារ៖ ពីខ្សែទូរស័ព្ទដល់ការដកចេញ", None,
     [("delegate", "forum.bn@example.org", "speaker"),
      ("guest", "Maria Santos", "Hotline manager", "INHOPE", "speaker")]),
    (0, "12:30", "13:30", "Plenary Hall", "break", "", "Lunch", "អាហារថ្ងៃត្រង់", None, []),
    (0, "13:30", "15:30", "Bassac Room", "workshop", "Reporting", "Workshop: writing an incident report",
     "សិក្ខាសាលា៖ ការសរសេររបាយការណ៍ឧប្បត្តិហេតុ", 30,
     [("guest", "Lt Col Sok Dara", "Head of cybercrime unit", "Cambodian National Police", "speaker")]),
    (0, "13:30", "15:00", "Mekong Room", "panel", "Age assurance", "Age assurance that respects privacy",
     "ការធានាអាយុដែលគោរពឯកជនភាព", None,
     [("delegate", "forum.vn@example.org", "speaker")]),
    (1, "09:00", "10:00", "Plenary Hall", "plenary", "", "Youth voices panel: what we need from platforms",
     "ការពិភាក្សាសំឡេងយុវជន៖ អ្វីដែលយើងត្រូវការពីវេទិកា", None,
     [("youth", "forum.youth@example.org", "speaker"),
      ("guest", "Dr Sophea Chan", "Director", "Child Safety Lab", "moderator")]),
    (1, "10:00", "10:30", "Plenary Hall", "break", "", "Coffee break", "សម្រាកពិសាកាហ្វេ", None, []),
    (1, "10:30", "12:00", "Mekong Room", "breakout", "Platform safety",
     "Breakout: content moderation in Khmer and Thai",
     "ក្រុមពិភាក្សា៖ ការត្រួតពិនិត្យមាតិកាជាភាសាខ្មែរ និងថៃ", None, []),
    (1, "10:30", "12:00", "Angkor Room", "workshop", "Age assurance", "Workshop: age checks in app stores",
     "សិក្ខាសាលា៖ ការពិនិត្យអាយុនៅក្នុងហាងកម្មវិធី", 25,
     [("delegate", "forum.vn@example.org", "speaker")]),
    (1, "10:30", "12:00", "Bassac Room", "workshop", "Reporting", "Workshop: hotline triage exercise",
     "សិក្ខាសាលា៖ លំហាត់ចាត់ថ្នាក់ការរាយការណ៍", 20, []),
    (1, "12:00", "13:30", "Plenary Hall", "break", "", "Lunch", "អាហារថ្ងៃត្រង់", None, []),
    (1, "18:00", "20:00", "Mekong Room", "side_event", "", "Side event: UNICEF reception", "", None,
     [("guest", "Will Parks", "Representative", "UNICEF Cambodia", "speaker")]),
    (2, "09:00", "10:30", "Plenary Hall", "plenary", "", "Regional commitments on child online protection",
     "ការប្តេជ្ញាចិត្តថ្នាក់តំបន់លើកិច្ចការពារកុមារលើប្រព័ន្ធអនឡាញ", None,
     [("delegate", "delegate@example.org", "moderator")]),
    (2, "10:30", "11:00", "Plenary Hall", "break", "", "Coffee break", "សម្រាកពិសាកាហ្វេ", None, []),
    (2, "11:00", "12:00", "Plenary Hall", "plenary", "", "Closing plenary and the Phnom Penh statement",
     "សម័យប្រជុំពេញអង្គបិទ និងសេចក្តីថ្លែងការណ៍ភ្នំពេញ", None,
     [("guest", "H.E. Chea Vandeth", "Minister of Posts and Telecommunications", "MPTC", "speaker")]),
]  # fmt: skip


def _at(edition, day: int, hhmm: str) -> datetime.datetime:
    tz = zoneinfo.ZoneInfo(edition.time_zone)
    date = edition.starts_on + datetime.timedelta(days=day)
    hour, minute = (int(part) for part in hhmm.split(":"))
    return datetime.datetime(date.year, date.month, date.day, hour, minute, tzinfo=tz)


def seed(*, stdout) -> None:
    edition = ForumEdition.objects.filter(slug=SLUG).first()
    if edition is None or Room.objects.filter(edition=edition).exists():
        return
    rooms = {
        name: room_create(edition=edition, name=name, capacity=capacity, directions=directions, position=i)
        for i, (name, capacity, directions) in enumerate(ROOMS)
    }
    approved = {
        r.user.email: r for r in Registration.objects.holding_seat().filter(edition=edition).select_related("user")
    }
    skipped = []
    for day, start, end, room, kind, track, title_en, title_km, places, speakers in SESSIONS:
        session = session_create(
            edition=edition,
            room=rooms[room],
            kind=kind,
            track=track,
            title_en=title_en,
            title_km=title_km,
            description_en="" if kind == "break" else f"{title_en}. Interpretation into Khmer is provided.",
            language="en_km",
            starts_at=_at(edition, day, start),
            ends_at=_at(edition, day, end),
            requires_signup=places is not None,
            signup_capacity=places,
        )
        for speaker in speakers:
            if speaker[0] in ("delegate", "youth"):
                registration = approved.get(speaker[1])
                if registration is None:
                    # Only approved delegates speak; a youth delegate waits for the guardian's consent.
                    skipped.append(speaker[1])
                    continue
                speaker_add(session=session, registration=registration, role=speaker[2])
            else:
                _kind, name, title, organisation, role = speaker
                speaker_add(
                    session=session, guest_name=name, guest_title=title, guest_organisation=organisation, role=role
                )
    programme_publish(edition=edition)
    stdout.write(
        f"Forum programme: {len(SESSIONS)} sessions in {len(ROOMS)} rooms (/forum/{SLUG}/programme/)"
        + (f"; not yet approved, so not listed as speakers: {', '.join(sorted(set(skipped)))}." if skipped else ".")
    )
