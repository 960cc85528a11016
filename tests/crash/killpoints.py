"""Kill points of the intake, chosen by the CRASH_POINT environment variable; each fires
once per run (a marker file in CRASH_MARKER_DIR), so the restarted worker goes on normally.

    files   after the photo is written and its row saved, before the commit
    commit  right after the intake's commit, before any other after-commit hook
    email   in the middle of sending an e-mail (tests/crash/mail.py), in the task worker
"""

import os
import signal

from django.db import transaction
from django.db.models.signals import post_save


def point():
    return os.environ.get("CRASH_POINT", "")


def die_once(name):
    """SIGKILL this process, the first time only: no cleanup, no except, no finally."""
    marker = os.path.join(os.environ["CRASH_MARKER_DIR"], name)
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return
    os.kill(os.getpid(), signal.SIGKILL)


def photo_saved(sender, instance, created, **kwargs):
    if not created or not getattr(instance, "is_contribution", False):
        return
    if point() == "files":
        die_once("files")
    elif point() == "commit":
        # The photo is the intake's first row: this callback is registered before any other.
        transaction.on_commit(lambda: die_once("commit"))


def install():
    from stories.models import CentenaryImage

    if point() in ("files", "commit"):
        post_save.connect(photo_saved, sender=CentenaryImage, dispatch_uid="crash-point")
