"""The log of organisers' actions that reveal personal data in bulk (people.models.PersonalDataAccess): every export,
visa-letter batch, passport view and print job of people's names writes one row here, in the request that
revealed them. Organisers read it at /organiser/privacy/log/ (privacy.views.organiser)."""

from collections.abc import Iterable, Sequence

from django.db.models import QuerySet
from django.http import Http404, HttpResponse

from documents.exports import csv_response, xlsx_response

from .models import PersonalDataAccess

Kind = PersonalDataAccess.Kind
SHEET_FORMATS = ("csv", "xlsx")


def reveal_record(*, by, kind: str, subject: str, people: int) -> PersonalDataAccess:
    """Write that `by` (an organiser) was shown personal data of `people` people: `kind` (Kind), `subject` (what
    was revealed, in words an organiser reads: "Registrations of ATF 2027 (CSV)")."""
    return PersonalDataAccess.objects.create(
        actor=by if getattr(by, "is_authenticated", False) else None,
        kind=kind,
        subject=str(subject)[:300],
        people=max(int(people), 0),
    )


def sheet_revealed(
    request,
    fmt: str,
    *,
    filename: str,
    header: Sequence,
    rows: Iterable[Sequence],
    title: str,
    subject: str,
    kind: str = Kind.EXPORT,
) -> HttpResponse:
    """`rows` as a CSV or XLSX download (documents.exports; any other `fmt` is 404), written in the log first as
    `kind` of `subject` ("(CSV)" or "(XLSX)" added) by the request's user, one person a row."""
    if fmt not in SHEET_FORMATS:
        raise Http404
    rows = list(rows)
    reveal_record(by=request.user, kind=kind, subject=f"{subject} ({fmt.upper()})", people=len(rows))
    if fmt == "csv":
        return csv_response(filename, header, rows)
    return xlsx_response(filename, header, rows, title)


def access_log() -> QuerySet[PersonalDataAccess]:
    """Every reveal, newest first, with who did it (one query a page)."""
    return PersonalDataAccess.objects.select_related("actor").order_by("-at", "-pk")
