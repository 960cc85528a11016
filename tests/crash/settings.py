# ruff: noqa: F403, F405
"""Production settings for the crash harness (tests/crash/): the database queue of tasks, a
mail backend that writes each message to a folder (and can kill its process), media and
uploads in the run's own folders (all from the environment the harness sets), and the app
that installs the kill points named by CRASH_POINT."""

import os

from centenaire.settings.production import *

INSTALLED_APPS = [*INSTALLED_APPS, "tests.crash.apps.CrashConfig"]
MAILERS = {"default": {"BACKEND": "tests.crash.mail.FolderBackend"}}
# No collectstatic in the harness: plain static names.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The harness posts the form as soon as it has read it.
CONTRIBUTION_MIN_SECONDS = 0
CRASH_MAIL_DIR = os.environ["CRASH_MAIL_DIR"]
