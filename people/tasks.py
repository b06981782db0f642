from django.tasks import task

from .mail import Message


@task()
def send_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    from_email: str | None = None,
    html: str | None = None,
    language: str = "",
) -> None:
    """Deliver one already-rendered e-mail (rendering happens in the sender's request, in the recipient's language;
    only the slow, failure-prone SMTP delivery runs in the worker). Without an HTML part of its own, one is made
    from the text."""
    message = Message(
        subject=subject, body=body, from_email=from_email, to=to, language=language, text_as_html=not html
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
