"""What the shared layout shows of the training programme, read only when a page shows it (lazily, once per
request)."""

from functools import cache

from .permissions import user_is_trainer
from .selectors.cohorts import cohorts_open, organiser_summary

HOME_COHORTS = 6  # open cohorts on the home page; the catalogue lists them all


def trainings(request) -> dict:
    user = request.user
    return {
        # The main menu: "My sessions" for people who teach a cohort.
        "nav_is_trainer": cache(lambda: user_is_trainer(user)),
        # The home page: the next cohorts open for enrolment, with their course and places left (one query).
        "trainings_open_cohorts": cache(lambda: list(cohorts_open()[:HOME_COHORTS])),
        # The organiser console's overview card.
        "trainings_organiser_summary": cache(organiser_summary),
    }
