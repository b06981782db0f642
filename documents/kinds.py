"""Kinds of batch job: what the job machinery (documents.jobs) does with the items of a job.

documents knows no other app. The app that owns the items (certificates, badges, the programme report) subclasses
`PrintKind`, `DeliveryKind` or `BuildKind` and registers an instance in its `AppConfig.ready()`; a job stores its kind's
`name` and the ids of its items, and asks the kind for everything else.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _


class JobKind:
    """What every kind of job names. Subclass `PrintKind`, `DeliveryKind` or `BuildKind`, not this."""

    name = ""  # stored on the job: "<app>.<what>", e.g. "certificates.print"; never renamed once used
    label = ""  # shown in job lists, e.g. _("Print")
    nothing_chosen = _("Choose at least one item.")  # the start form's answer to an empty selection

    def items(self, ids: Iterable[int]) -> QuerySet:
        """The items among `ids` that exist, in the order the job prints or sends them (a stable order), with
        the joins that rendering one of them needs."""
        raise NotImplementedError

    def gate(self, request: HttpRequest) -> HttpResponse | None:
        """Who may start and follow jobs of this kind: None lets the request through; otherwise the response to
        give instead (a login page), or raise Http404 for whoever may not know that the job exists."""
        raise NotImplementedError

    @property
    def result_days(self) -> int | None:
        """Days a finished job's files are kept before documents.jobs.jobs_clean removes them; None keeps them
        until a later job of the same kind over the same item succeeds (BuildKind)."""
        return settings.DOCUMENTS_JOBS_RESULT_DAYS


class PrintKind(JobKind):
    """Printing: one merged PDF of all the items for the printer, and a ZIP of one PDF per item."""

    template_name = ""  # a template extending documents/base_pdf.html, rendered once per item
    stylesheets: tuple[str, ...] = ()  # static stylesheets of the template (documents.render.render_pdf)
    # None: the printable PDF has the items' pages as rendered. A documents.printing.Imposition: it puts several
    # of them on one sheet with cut marks (four A6 badges on an A4 sheet); the ZIP keeps one PDF per item as rendered.
    imposition = None

    def context(self, item: Any) -> Mapping[str, Any]:
        """The template's context for one item."""
        raise NotImplementedError

    def language(self, item: Any) -> str:
        """The language the item prints in (one of settings.LANGUAGES)."""
        raise NotImplementedError

    def file_name(self, item: Any) -> str:
        """The item's PDF in the ZIP: unique within a job, ending in .pdf (documents.printing.safe_ascii_name helps)."""
        raise NotImplementedError


class DeliveryKind(JobKind):
    """Delivery: each item sent to its recipient by e-mail, with a report per recipient. A retried delivery sends
    only what was not sent yet."""

    def address(self, item: Any) -> str:
        """Where the item goes ("" when it has no address: reported as a failure, nothing is sent)."""
        raise NotImplementedError

    def deliver(self, item: Any) -> None:
        """Send one item. Raise documents.jobs.DeliveryRefused for an item that must not go out (its message goes
        into the report); any other exception is reported as a failed delivery too."""
        raise NotImplementedError


class BuildKind(JobKind):
    """Building: one job makes named files from its single item (a report's PDF and XLSX), step by step
    (documents.building). Its files are kept until the item is built again: the next job's success removes them."""

    result_days = None
    # The files a build makes, each a FileField `<part>_file` of documents.models.PrintJob, in the order shown.
    parts: tuple[str, ...] = ("pdf", "xlsx")

    def steps(self, item: Any) -> int:
        """How many steps `build` reports for this item (at least 1): the progress bar's whole."""
        raise NotImplementedError

    def build(self, item: Any, progress: Callable[[int], None]) -> Mapping[str, bytes]:
        """Make the files: {part: content} for each of `parts`; call `progress(steps done)` as the work moves. Raise
        documents.errors.JobFailed with a reason the organiser can act on; any other exception fails the job too."""
        raise NotImplementedError


_kinds: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    """Make `kind` known under its name (from the owning app's AppConfig.ready())."""
    if not isinstance(kind, PrintKind | DeliveryKind | BuildKind) or not kind.name:
        raise TypeError(f"{kind!r} is not a named PrintKind, DeliveryKind or BuildKind")
    if _kinds.get(kind.name, kind).__class__ is not kind.__class__:
        raise ValueError(f"Two kinds of job are named {kind.name!r}")
    _kinds[kind.name] = kind
    return kind


def get(name: str) -> JobKind | None:
    """The kind registered under `name`, or None."""
    return _kinds.get(name)
