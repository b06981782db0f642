from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self):
        # people knows no forum: forum tells it who is a minor (youth delegates), see people/minors.py.
        from people.minors import MinorsSource, minors_source_register

        from .privacy import minor_user_ids, withheld_name

        minors_source_register(MinorsSource(user_ids=minor_user_ids, withheld_name=withheld_name))
