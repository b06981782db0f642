"""Mailers for the worker tests: Django's file-based one a little slow (a worker can be killed while it is still
sending a batch), and in-process ones that refuse for now, or for good."""

import smtplib
import time

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        time.sleep(0.15)
        return super().send_messages(email_messages)


class FlakyBackend(BaseEmailBackend):
    """Answers 451 ("try again later") to the first `failures` deliveries, then takes them into mail.outbox."""

    failures = 0
    calls = 0

    def send_messages(self, email_messages):
        type(self).calls += 1
        if type(self).calls <= type(self).failures:
            raise smtplib.SMTPResponseException(451, b"4.3.0 Try again later")
        for message in email_messages:
            message.message()  # as a real mailer does: the headers are built
        mail.outbox.extend(email_messages)
        return len(email_messages)


class DisconnectingBackend(BaseEmailBackend):
    """Drops the connection on the first `failures` deliveries, then takes them into mail.outbox; `seen` keeps the
    Message-ID of every message it was handed, taken or not."""

    failures = 0
    seen: list[str] = []

    def send_messages(self, email_messages):
        for message in email_messages:
            type(self).seen.append(message.message()["Message-ID"])
        if len(type(self).seen) <= type(self).failures:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        mail.outbox.extend(email_messages)
        return len(email_messages)


class RefusingBackend(BaseEmailBackend):
    """Answers 554: the message is refused for good."""

    calls = 0

    def send_messages(self, email_messages):
        type(self).calls += 1
        raise smtplib.SMTPResponseException(554, b"5.7.1 Message refused")
