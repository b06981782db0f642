"""Whom a registration reached, as SQL: its copy for the reports once taken (people.reach), else the live values."""

from django.db.models import Case, CharField, F, Value, When

from people.reach import AgeBand, reach_value


def registration_reach(prefix: str = "") -> dict:
    """Annotations `reach_sex_`, `reach_age_`, `reach_country_`, `reach_kind_` for a Registration queryset (or, with
    `prefix` such as "registration__", for rows related to one). A youth delegate is under 18 whatever the profile
    says (they were under 18 on the forum's first day)."""
    live_age = Case(
        When(**{f"{prefix}is_youth": True}, then=Value(AgeBand.UNDER_18)),
        default=F(f"{prefix}user__age_band"),
        output_field=CharField(),
    )
    return {
        "reach_sex_": reach_value("sex", f"{prefix}user__sex", prefix=prefix),
        "reach_age_": reach_value("age_band", live_age, prefix=prefix),
        "reach_country_": reach_value("country", f"{prefix}country", prefix=prefix),
        "reach_kind_": reach_value("organisation_kind", f"{prefix}organisation__kind", prefix=prefix),
    }
