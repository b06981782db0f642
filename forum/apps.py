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

        # certificates knows no forum either: forum tells it what its certificates' source keys stand for.
        from certificates.sources import source_register

        from .selectors.certificates import registration_source, speaker_source

        source_register("registration", registration_source)
        source_register("speaker", speaker_source)

        # documents knows no forum: forum registers its kinds of batch job (badges printed, their QR e-mailed).
        from documents.kinds import register

        from .jobs import BadgeEmail, BadgePrint, BadgeSheetPrint

        register(BadgePrint())
        register(BadgeSheetPrint())
        register(BadgeEmail())

        # surveys knows no forum: forum registers what a survey can be about (an edition, each of its sessions).
        from surveys.subjects import subject_register

        from .surveys import EditionSubject, SessionsSubject

        subject_register(EditionSubject())
        subject_register(SessionsSubject())
