"""The trainings app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = _("Trainings")

    def ready(self):
        # certificates knows no trainings: trainings tells it what its certificates' source keys stand for. Here, not
        # at the top: the selector loads models, which exist only once the apps are ready.
        from certificates.sources import source_register

        from .selectors.certificates import enrollment_source

        source_register("enrollment", enrollment_source)

        # surveys knows no trainings either: trainings registers what a survey can be about (a cohort, a session).
        from surveys.subjects import subject_register

        from .surveys import CohortSubject, TrainingSessionSubject

        subject_register(CohortSubject())
        subject_register(TrainingSessionSubject())
