"""Whom the programme reached: the two optional questions (sex, age band) and how a participation keeps them.

A person may answer both on their profile ("the programme reports whom it reached; optional"); neither is shown on
badges, certificates or lists. When a forum edition starts and when a cohort ends, each participant's sex, age band,
country and organisation type are copied onto their registration or enrolment (`ReachFields`), so that the purge
of minors' data, erasure and anonymisation never change a report's totals. Until then, reports read the live
values through `reach_value`, so a figure means the same before and after the copy.
"""

import datetime

from django.db import models
from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from .fields import CountryField

WHY_ASKED = _("The programme reports whom it reached; optional.")
NOT_GIVEN = _("Not given")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    ANOTHER = "another", _("Another")
    UNSAID = "unsaid", _("Prefer not to say")


class AgeBand(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    FROM_18 = "18_24", _("18–24")
    FROM_25 = "25_39", _("25–39")
    FROM_40 = "40_plus", _("40 and over")


def age_band_on(date_of_birth: datetime.date | None, day: datetime.date) -> str:
    """The age band of someone born on `date_of_birth` on `day`; "" when the date is not known."""
    if date_of_birth is None:
        return ""
    age = day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))
    if age < 18:
        return AgeBand.UNDER_18
    if age < 25:
        return AgeBand.FROM_18
    if age < 40:
        return AgeBand.FROM_25
    return AgeBand.FROM_40


class ReachFields(models.Model):
    """What a participation keeps of its person for the reports, copied once (`reach_recorded_at`)."""

    reach_sex = models.CharField(_("sex (for reports)"), max_length=10, choices=Sex.choices, blank=True)
    reach_age_band = models.CharField(_("age band (for reports)"), max_length=10, choices=AgeBand.choices, blank=True)
    reach_country = CountryField(_("country (for reports)"), blank=True)
    reach_organisation_kind = models.CharField(_("organisation type (for reports)"), max_length=30, blank=True)
    reach_recorded_at = models.DateTimeField(_("recorded for reports at"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True


def reach_value(field: str, live: models.Expression | str, *, prefix: str = "") -> Case:
    """The participation's `reach_<field>` once recorded, else `live` (an expression or a lookup path): one SQL
    expression, for figures that read the same before and after the copy. `prefix` reaches the participation
    through a relation ("registration__")."""
    live_value = F(live) if isinstance(live, str) else live
    return Case(
        When(**{f"{prefix}reach_recorded_at__isnull": False}, then=F(f"{prefix}reach_{field}")),
        default=Coalesce(live_value, Value("")),
        output_field=models.CharField(),
    )


def first_given(*paths: str) -> Coalesce:
    """The first of the text fields at `paths` that is not empty (a person's country, else their organisation's)."""
    return Coalesce(*(NullIf(F(path), Value("")) for path in paths), Value(""), output_field=models.CharField())


# Rows written per UPDATE when copying: a copy of N participations costs ceil(N / REACH_COPY_BATCH) writes.
REACH_COPY_BATCH = 500
REACH_COPY_FIELDS = ["reach_sex", "reach_age_band", "reach_country", "reach_organisation_kind", "reach_recorded_at"]


def reach_rows_to_copy(participations: models.QuerySet, *fields: str) -> models.QuerySet:
    """The rows of `participations` (registrations, enrolments) with no copy yet, locked (their own rows only) in
    the order of their keys, as dicts of "pk" and `fields`: what the caller turns into reach_copy_write's copies."""
    return (
        participations.select_for_update(of=("self",))
        .filter(reach_recorded_at__isnull=True)
        .order_by("pk")
        .values("pk", *fields)
    )


def reach_copy_write(model: type[ReachFields], copies: list[dict], *, now: datetime.datetime) -> int:
    """Write the copies (each {"pk", "sex", "age_band", "country", "organisation_kind"}) onto the rows of `model`
    in bulk, recorded at `now`; returns how many. The caller selected rows with no copy yet, under a lock."""
    rows = [
        model(
            pk=copy["pk"],
            reach_sex=copy["sex"] or "",
            reach_age_band=copy["age_band"] or "",
            reach_country=copy["country"] or "",
            reach_organisation_kind=copy["organisation_kind"] or "",
            reach_recorded_at=now,
        )
        for copy in copies
    ]
    model.objects.bulk_update(rows, REACH_COPY_FIELDS, batch_size=REACH_COPY_BATCH)
    return len(rows)
