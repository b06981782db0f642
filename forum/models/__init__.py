"""The forum's models, one module per part: editions (with policies and quotas), registrations (with visa
requests and history), youth delegates (guardian consent), the programme (rooms, sessions, speakers, agendas), the
venue (badge credentials, check-in stations, check-ins), attendance overrides (an organiser's decision that a
delegate attended), nominations (nominators and the people they invite)."""

from .attendance import AttendanceOverride
from .edition import CountryQuota, ForumEdition, PolicyDocument, time_zone_label
from .nominations import Nomination, Nominator
from .programme import (
    AgendaChoice,
    AgendaFeed,
    CancelledSession,
    ProgrammeSettings,
    Room,
    Session,
    SessionSpeaker,
    new_feed_token,
)
from .registration import Registration, RegistrationEvent, VisaRequest
from .venue import CheckIn, CheckInCredential, Station, new_credential_secret
from .youth import ConsentDocumentAccess, ConsentLink, GuardianConsent, Participation, YouthDetails, private_storage

__all__ = [
    "AgendaChoice",
    "AttendanceOverride",
    "AgendaFeed",
    "CancelledSession",
    "CheckIn",
    "CheckInCredential",
    "ConsentDocumentAccess",
    "ConsentLink",
    "CountryQuota",
    "ForumEdition",
    "GuardianConsent",
    "Nomination",
    "Nominator",
    "Participation",
    "PolicyDocument",
    "ProgrammeSettings",
    "Registration",
    "RegistrationEvent",
    "Room",
    "Session",
    "SessionSpeaker",
    "Station",
    "VisaRequest",
    "YouthDetails",
    "new_credential_secret",
    "new_feed_token",
    "private_storage",
    "time_zone_label",
]
