"""Every refusal of the forum: one tree under people.errors.DomainError, so a view shows `error.message` whatever
service refused."""

from django.utils.translation import gettext_lazy as _

from people.errors import DomainError


class ForumError(DomainError):
    """A forum rule said no; `message` is translated and can be shown to the person as it is."""


# --- Registrations -----------------------------------------------------------------------------------


class RegistrationClosed(ForumError):
    default_message = _("Registration for this forum is closed.")


class RegistrationNotOpen(RegistrationClosed):
    default_message = _("Registration for this forum is not open yet.")


class AlreadyRegistered(ForumError):
    default_message = _("You have already registered for this forum.")


class NoSeatLeft(ForumError):
    default_message = _("No seat is left for this registration.")


class InvalidTransition(ForumError):
    default_message = _("A registration in this status cannot be changed this way.")


class EditionError(ForumError):
    """An organiser's change to an edition that the rules refuse."""


# --- Nominations -------------------------------------------------------------------------------------


class NominationError(ForumError):
    """A rule about nominators, their places or their invitations said no (`field` names the input)."""


# --- Youth delegates ---------------------------------------------------------------------------------


class YouthError(ForumError):
    """A rule about a youth delegate's guardian, consent or documents said no."""


class LinkNotUsable(YouthError):
    default_message = _("This link can no longer be used. Ask the delegate or the organisers for a new one.")


# --- Programme ---------------------------------------------------------------------------------------


class ProgrammeError(ForumError):
    """A programme rule said no (`field` names the input when there is one)."""


class RoomBusy(ProgrammeError):
    pass


class SessionFull(ProgrammeError):
    default_message = _("This session is full.")


class NotApprovedDelegate(ProgrammeError):
    default_message = _("Only delegates whose registration is approved can build an agenda.")


class AgendaOverlap(ProgrammeError):
    pass


# --- Certificates ------------------------------------------------------------------------------------


class ForumCertificateError(ForumError):
    """A forum certificate could not be issued."""


# --- Badges ------------------------------------------------------------------------------------------


class BadgeError(ForumError):
    """A badge could not be issued or reissued, or a guest or staff member added."""


# --- Check-in stations -------------------------------------------------------------------------------


class StationError(ForumError):
    """An organiser's change to a check-in station, or a walk-in, that the rules refuse (`field`: the input)."""


class StationRefused(ForumError):
    """A station's device is not let in: `code` is "revoked", "expired" or "forbidden" (the station's JSON says
    which, so the page can tell its staff)."""

    default_message = _(
        "This station link was already opened on another device, has expired or was revoked: ask the organisers for "
        "a new link."
    )

    def __init__(self, code: str, message=None):
        self.code = code
        super().__init__(message)


class InvalidScan(ForumError):
    """A scan a station sent that cannot be read (its id, time or badge), or too many at once: the sync answers 400."""

    default_message = _("This scan could not be read.")
