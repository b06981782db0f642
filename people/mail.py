"""The e-mail message of the site: a subject that every mail program decodes to the very text sent, the recipient's
language in Content-Language, and an HTML part beside the text (people.emails renders; people.tasks delivers)."""

import base64
import contextlib
import email.policy
import re
from contextvars import ContextVar

from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django.utils.html import escape

from .models import SentEmail

# Bytes of text per RFC 2047 encoded word: 42 bytes make 56 base64 characters, so "Subject: " and one encoded
# word stay within the 78 characters a header line should keep to.
_WORD_BYTES = 42
# The Message-ID the messages sent inside `message_id_fixed` get (a delivery job's item: the same one each time the
# item is sent again after its worker died).
_fixed_message_id: ContextVar[str] = ContextVar("fixed_message_id", default="")


@contextlib.contextmanager
def message_id_fixed(message_id: str):
    """Messages sent in the block without a Message-ID of their own get `message_id`."""
    token = _fixed_message_id.set(message_id)
    try:
        yield
    finally:
        _fixed_message_id.reset(token)


def _encoded_words(text: str) -> list[str]:
    """`text` as base64 encoded words, cut between characters (never inside one), each space inside a word."""
    words, chunk = [], b""
    for char in text:
        data = char.encode()
        if len(chunk) + len(data) > _WORD_BYTES:
            words.append(chunk)
            chunk = b""
        chunk += data
    words.append(chunk)
    return [f"=?utf-8?b?{base64.b64encode(word).decode()}?=" for word in words if word]


class EncodedSubject(str):
    """A non-ASCII subject, folded by us. Python's folder puts a space of the text where it folds the line, between
    two encoded words, and decoders drop whitespace there (RFC 2047): "អនឡាញ ឆ្នាំ" arrived as "អនឡាញឆ្នាំ". Here
    every space travels inside an encoded word; lines are joined by folding whitespace only."""

    name = "Subject"

    def fold(self, *, policy) -> str:
        return "Subject: " + f"{policy.linesep} ".join(_encoded_words(str(self))) + policy.linesep


class Message(EmailMultiAlternatives):
    """Every e-mail the site sends. `language` (the recipient's) goes into Content-Language; `text_as_html` adds an
    HTML part made from the text."""

    def __init__(self, *args, language: str = "", text_as_html: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if language:
            self.extra_headers.setdefault("Content-Language", language)
        if text_as_html:
            self.attach_alternative(html_from_text(str(self.body), language or "en"), "text/html")

    def send(self, fail_silently: bool = False) -> int:
        """Deliver, then note for each recipient what was sent when (people.models.SentEmail: the subject, never
        the text), for the download of their own data."""
        if _fixed_message_id.get() and "Message-ID" not in self.extra_headers:
            self.extra_headers["Message-ID"] = _fixed_message_id.get()
        sent = super().send(fail_silently=fail_silently)
        if sent:
            language = self.extra_headers.get("Content-Language", "")
            now = timezone.now()
            SentEmail.objects.bulk_create(
                SentEmail(address=address.lower(), subject=str(self.subject)[:300], language=language, sent_at=now)
                for address in {*self.to, *self.cc, *self.bcc}
            )
        return sent

    def message(self, *, policy=email.policy.default):
        message = super().message(policy=policy)
        subject = str(self.subject)
        if not subject.isascii():
            del message["Subject"]
            message["Subject"] = EncodedSubject(subject)
        return message


_LINK = re.compile(r"https?://[^\s<>\"']+")


def _paragraph(text: str) -> str:
    linked = _LINK.sub(lambda match: f'<a href="{match.group(0)}">{match.group(0)}</a>', escape(text))
    return f"<p>{linked.replace(chr(10), '<br>')}</p>"


def html_from_text(text: str, language: str) -> str:
    """The HTML part of an e-mail written as text: the same words, links clickable, in the recipient's language
    (so that mail programs and screen readers pick a Khmer font and voice)."""
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
    body = "\n".join(_paragraph(part) for part in paragraphs)
    return (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8"></head><body>\n{body}\n</body></html>\n'
    )
