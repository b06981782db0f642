"""The dashboard's sections, live: the forum edition the period names (else the current one) and the training
programme over the period. The report (reports.building) asks the same functions for the same period."""

from .forum import forum_section
from .periods import Period
from .sections import Section
from .trainings import trainings_section


def dashboard_sections(*, period: Period, for_pdf: bool = False) -> list[Section]:
    return [
        forum_section(period=period, for_pdf=for_pdf),
        trainings_section(period=period, for_pdf=for_pdf),
    ]
