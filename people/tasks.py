from django.core.mail import EmailMultiAlternatives
from django.tasks import task


@task()
def send_email(
    *, subject: str, body: str, to: list[str], from_email: str | None = None, html: str | None = None
) -> None:
    """Deliver one already-rendered e-mail (rendering happens in the sender's request, in the
    recipient's language; only the slow, failure-prone SMTP delivery runs in the worker)."""
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
