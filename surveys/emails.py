"""A survey's e-mails (the invitation, the one reminder), rendered and delivered by the task worker from the
invitation's number (surveys.tasks): django_tasks_db keeps a task's arguments after it has run, and the admin shows
them, so a task carrying the rendered e-mail kept the invitation's link there, the credential that answers in the
person's name."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone, translation

from people.emails import absolute_url, message_id_of, templated_message
from people.mail import message_id_fixed

from .models import SurveyInvitation
from .rules import survey_window
from .subjects import survey_part

TEMPLATES = ("invitation", "reminder")


def survey_link(invitation: SurveyInvitation) -> str:
    """The invitation's answering page in its language, from SITE_URL: /<lang>/surveys/<token>/."""
    with translation.override(invitation.language):
        return absolute_url(reverse("surveys:answer", kwargs={"token": invitation.token}))


def survey_message_id(invitation_id: int, template: str) -> str:
    """The Message-ID of an invitation's e-mail: the same each time that e-mail is sent (a task run again)."""
    return message_id_of("survey", invitation_id, template)


def survey_email_deliver(*, invitation_id: int, template: str) -> bool:
    """Render the invitation's e-mail (`template`: "invitation" or "reminder") in its language, about its part, with
    its link, and deliver it under its own Message-ID (survey_message_id). False, and nothing sent, when the
    invitation or its part is gone. Three queries or so (the invitation with its survey and person; the part)."""
    if template not in TEMPLATES:
        raise ValueError(f"No survey e-mail {template!r}")
    invitation = SurveyInvitation.objects.select_related("survey", "user").filter(pk=invitation_id).first()
    if invitation is None:
        return False
    with translation.override(invitation.language):
        part = survey_part(invitation.survey, invitation.part_id)
    if part is None:
        return False
    message = templated_message(
        template_prefix=f"surveys/email/{template}",
        to=invitation.user.email,
        language=invitation.language,
        context={
            "name": invitation.user.get_short_name(),
            "survey": invitation.survey,
            "about": part.label,
            "link": survey_link(invitation),
            "closes_on": timezone.localdate(survey_window(invitation.survey, part)[1]),
        },
    )
    with message_id_fixed(survey_message_id(invitation.pk, template)):
        message.send()
    return True
