"""The dashboard's sections, live. With a period chosen (`?period=`), both sections count it, as the report for that
period does (reports.building asks these same functions); without one, the forum's current edition and the
training programme's current year (and the safeguarding concerns received in it: counts by status only)."""

from .feedback import feedback_section
from .forum import current_edition_period, forum_section
from .periods import Period, current_year
from .safeguarding import safeguarding_section
from .sections import Section
from .trainings import trainings_section


def dashboard_sections(*, period: Period | None = None, for_pdf: bool = False) -> list[Section]:
    forum_period = period or current_edition_period() or current_year()
    training_period = period or current_year()
    return [
        forum_section(period=forum_period, for_pdf=for_pdf),
        trainings_section(period=training_period, for_pdf=for_pdf),
        feedback_section(period=training_period, for_pdf=for_pdf),
        safeguarding_section(period=training_period, for_pdf=for_pdf),
    ]
