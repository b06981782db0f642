"""The survey e-mails' task: its arguments are the invitation's number and which e-mail, never the rendered message
(surveys.emails says why). Like every e-mail (people.tasks.send_email), one the mail server cannot take now is
queued again after the next of settings.EMAIL_RETRY_DELAYS, and a run again sends the same Message-ID."""

from django.tasks import task

from people.tasks import delivered, delivery_retry, delivery_task

from .emails import survey_email_deliver, survey_message_id


# Its row names no address: the report shows the invitation's number.
@delivery_task(lambda kwargs: [f"survey invitation {kwargs.get('invitation_id')}"])
@task()
def send_survey_email(*, invitation_id: int, template: str, attempt: int = 1, last_error: str = "") -> str:
    try:
        sent = survey_email_deliver(invitation_id=invitation_id, template=template)
    except Exception as error:
        arguments = {"invitation_id": invitation_id, "template": template}
        message_id = survey_message_id(invitation_id, template)
        retried = delivery_retry(send_survey_email, error, attempt=attempt, arguments=arguments, message_id=message_id)
        if retried is None:
            raise
        return retried
    return delivered(attempt) if sent else "nothing to send: the invitation or its part is gone"
