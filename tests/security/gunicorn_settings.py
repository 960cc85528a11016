"""Production settings as deployed, for the tests that start a real gunicorn: only the static
files are read from the finders, since the tests do not run collectstatic."""

from centenaire.settings.production import *  # noqa: F403

STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
WHITENOISE_USE_FINDERS = True
