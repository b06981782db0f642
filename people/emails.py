"""Build links and send e-mails the same way everywhere: SITE_URL links, the recipient's language (people.mail
makes the message: subject, Content-Language, HTML part)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, make_msgid
from django.template.loader import render_to_string
from django.utils import translation

from .mail import Message
from .tasks import send_email


def absolute_url(location: str) -> str:
    """An absolute link from the configured SITE_URL: tasks and e-mails have no request."""
    if location.startswith(("http://", "https://")):
        return location
    return settings.SITE_URL + "/" + location.lstrip("/")


def mailbox(address: str) -> str:
    """The mailbox an address delivers to, for telling whether two addresses reach the same person: case and a
    `+tag` in the local part are ignored (`Name+mum@Example.org` is `name@example.org`)."""
    local, _at, domain = (address or "").strip().rpartition("@")
    if not local:
        return domain.lower()
    return f"{local.split('+', 1)[0]}@{domain}".lower()


def _site_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def new_message_id() -> str:
    """The Message-ID an e-mail keeps from its queueing to its delivery, however often that is tried: on the site's
    own domain (SITE_URL), never the machine's name."""
    return make_msgid(domain=_site_domain())


def message_id_of(*parts) -> str:
    """A Message-ID made from `parts` (a job and its item): the same each time the same thing is sent."""
    return f"<{'.'.join(str(part) for part in parts)}@{_site_domain()}>"


def language_for_email(email: str) -> str:
    from .models import User

    user = User.objects.filter(email__iexact=email).only("language").first()
    return user.language if user and user.language else settings.LANGUAGE_CODE


def queue_message(message: EmailMessage, *, language: str) -> None:
    """Hand a message rendered in the recipient's `language` to the task worker for delivery."""
    html = None
    if isinstance(message, EmailMultiAlternatives):
        for content, mimetype in message.alternatives:
            if mimetype == "text/html":
                html = content
    send_email.enqueue(
        subject=str(message.subject),
        body=str(message.body),
        to=list(message.to),
        from_email=message.from_email,
        html=html,
        language=language,
        message_id=message.extra_headers.get("Message-ID") or new_message_id(),
    )


def _rendered(template_prefix: str, context: dict, language: str) -> tuple[str, str]:
    """The subject (on one line) and the body of `<prefix>_subject.txt` and `<prefix>_message.txt` in `language`,
    with SITE_URL in the context as `site_url`."""
    with translation.override(language):
        context = {"site_url": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        body = render_to_string(f"{template_prefix}_message.txt", context)
    return subject, body


def send_templated_email(*, template_prefix: str, to: str, context: dict, language: str | None = None) -> None:
    """Render `<prefix>_subject.txt` and `<prefix>_message.txt` in the recipient's language and queue it."""
    language = language or language_for_email(to)
    subject, body = _rendered(template_prefix, context, language)
    send_email.enqueue(
        subject=subject,
        body=body,
        to=[to],
        from_email=settings.DEFAULT_FROM_EMAIL,
        language=language,
        message_id=new_message_id(),
    )


def templated_message(*, template_prefix: str, to: str, context: dict, language: str) -> Message:
    """The message of `<prefix>_subject.txt` and `<prefix>_message.txt` rendered in `language`, with its HTML part,
    for the caller to attach files to and deliver itself."""
    subject, body = _rendered(template_prefix, context, language)
    return Message(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        language=language,
        text_as_html=True,
    )
