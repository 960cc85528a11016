import os
import uuid

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

from tests.crash.killpoints import die_once, point


class FolderBackend(BaseEmailBackend):
    """One file per message in CRASH_MAIL_DIR; with CRASH_POINT=email, the process is killed
    once while it sends, before the message is written."""

    def send_messages(self, email_messages):
        for message in email_messages:
            if point() == "email":
                die_once("email")
            name = os.path.join(settings.CRASH_MAIL_DIR, f"{uuid.uuid4().hex}.eml")
            with open(name, "wb") as written:
                written.write(message.message().as_bytes())
        return len(email_messages)
