"""Whom an enrolment reached, as SQL: its copy for the reports once taken (people.reach), else the live values."""

from people.reach import first_given, reach_value


def enrollment_reach(prefix: str = "") -> dict:
    """Annotations `reach_sex_`, `reach_age_`, `reach_country_`, `reach_kind_` for an Enrollment queryset (or, with
    `prefix` such as "enrollment__", rows related to one). The country is the person's, else their company's; the
    organisation type is the company's ("" for someone who enrolled for themselves)."""
    return {
        "reach_sex_": reach_value("sex", f"{prefix}user__sex", prefix=prefix),
        "reach_age_": reach_value("age_band", f"{prefix}user__age_band", prefix=prefix),
        "reach_country_": reach_value(
            "country", first_given(f"{prefix}user__country", f"{prefix}organisation__country"), prefix=prefix
        ),
        "reach_kind_": reach_value("organisation_kind", f"{prefix}organisation__kind", prefix=prefix),
    }
