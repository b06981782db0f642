"""The survey e-mails' task: its arguments are the invitation's number and which e-mail, never the rendered message
(surveys.emails says why)."""

from django.tasks import task

from .emails import survey_email_deliver


@task()
def send_survey_email(*, invitation_id: int, template: str) -> None:
    survey_email_deliver(invitation_id=invitation_id, template=template)
