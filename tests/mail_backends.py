"""E-mail backends for the tests: one whose server refuses, one whose server is slow."""

import smtplib
import time

from django.core.mail.backends.locmem import EmailBackend

SLOW_SECONDS = 1.0


class RefusingBackend(EmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("the mail server went away")


class SlowBackend(EmailBackend):
    def send_messages(self, messages):
        time.sleep(SLOW_SECONDS)
        return super().send_messages(messages)
