"""E-mail backends for fault tests (SMTP is the one thing we mock, STYLE.md)."""

import smtplib

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend


class FlakySMTPBackend(BaseEmailBackend):
    """Fails the first `failures` sends (-1: always) like a dropped SMTP connection."""

    failures = 0
    calls = 0

    def send_messages(self, messages):
        cls = type(self)
        cls.calls += 1
        if cls.failures != 0:
            cls.failures -= 1 if cls.failures > 0 else 0
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        mail.outbox.extend(messages)
        return len(messages)
