from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Feedback surveys")

    def ready(self):
        from . import tasks  # noqa: F401 - registers its e-mail task with people.tasks.DELIVERY_TASKS
