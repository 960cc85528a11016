"""Local development and the demo: debug on, a fixed throwaway key, console e-mail, the
database task queue worked by `manage.py db_worker` (README, "What runs where")."""

import os

from .base import *

DEBUG = True
SECRET_KEY = "django-insecure-demo-only-never-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"

# Background tasks go to the database queue, as in production: `make demo` and `make serve`
# start `manage.py db_worker` beside the web server (scripts/serve-with-worker), so a phone
# video's web rendition (minutes of ffmpeg) never holds up the contributor's thank-you page.
# TASKS_RUN_IMMEDIATELY=1 runs them inside the request that enqueued them instead, with no
# worker to start (what the tests do): simpler, but a video then makes the page wait.
if os.environ.get("TASKS_RUN_IMMEDIATELY") != "1":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
