"""Tests: fast hasher, locmem cache, plain static storage, immediate tasks, in-memory e-mail."""

import tempfile

from .base import *

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="centenaire-test-media-"))
CONTRIBUTION_STAGING_DIR = tempfile.mkdtemp(prefix="centenaire-test-staged-")
SITE_BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"  # the test client's host
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="centenaire-test-static-"))
CACHES = {**CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
