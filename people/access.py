"""The log of organisers' actions that reveal personal data in bulk (people.models.PersonalDataAccess): every export,
visa-letter batch, passport view and print job of people's names writes one row here, in the request that
revealed them."""

from .models import PersonalDataAccess

Kind = PersonalDataAccess.Kind


def reveal_record(*, by, kind: str, subject: str, people: int) -> PersonalDataAccess:
    """Write that `by` (an organiser) was shown personal data of `people` people: `kind` (Kind), `subject` (what
    was revealed, in words an organiser reads: "Registrations of ATF 2027 (CSV)")."""
    return PersonalDataAccess.objects.create(
        actor=by if getattr(by, "is_authenticated", False) else None,
        kind=kind,
        subject=str(subject)[:300],
        people=max(int(people), 0),
    )
