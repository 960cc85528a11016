"""The demo's settings with debug off, so screenshots show the site's own 404 page."""

from centenaire.settings.dev import *  # noqa: F403

DEBUG = False
