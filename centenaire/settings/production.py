"""Production: everything secret or site-specific comes from the environment."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = False

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters."
    )


def address_problem(value):
    """What is wrong with ``value`` as the site's public address, or None. Every absolute
    link (e-mails, canonical and Open Graph tags, sitemap, feed, share links) is built on
    SITE_BASE_URL, so production never falls back on base.py's http://127.0.0.1:8000. The
    rules are those of the Wagtail Site that set_site_address points at it
    (stories/public_url.py)."""
    example = "e.g. SITE_BASE_URL=https://centenaire.example.org"
    if not value:
        return (
            f"SITE_BASE_URL must be set to the site's public address ({example}): the links "
            "in e-mails, the canonical and Open Graph tags, the sitemap and the share links "
            "are built on it."
        )
    parts = urlsplit(value)
    try:
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        port = None
    if parts.scheme not in ("http", "https") or not parts.hostname or port is None:
        return f"SITE_BASE_URL={value!r} is not an http:// or https:// address ({example})."
    if parts.path or parts.query or parts.fragment or parts.username or parts.password:
        return f"SITE_BASE_URL={value!r} must be scheme://host[:port], with nothing after."
    if (parts.scheme == "https") != (port == 443):
        return f"SITE_BASE_URL={value!r}: https on port 443 only, and http on any other port."
    return None


SITE_BASE_URL = os.environ.get("SITE_BASE_URL", "").strip().rstrip("/")
if problem := address_problem(SITE_BASE_URL):
    raise ImproperlyConfigured(problem)
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", SITE_BASE_URL)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# collectstatic writes here; the web server in front serves it (deploy/nginx/).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", STATIC_ROOT))

# HTTPS everywhere; the proxy in front tells us the original scheme.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True

if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": "centenaire",
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"

# Edge caches in front of the site, purged by URL when a page changes (stories/edge_purge.py,
# deploy/varnish/centenaire.vcl; README "Caches"). Each is on when its variables are set.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_VARNISH_URL"):
    WAGTAILFRONTENDCACHE["varnish"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_VARNISH_URL"],
    }
if os.environ.get("FRONTEND_CACHE_CLOUDFLARE_TOKEN"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ["FRONTEND_CACHE_CLOUDFLARE_TOKEN"],
        "ZONEID": os.environ["FRONTEND_CACHE_CLOUDFLARE_ZONE_ID"],
    }
if os.environ.get("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"],
    }
# Seconds a shared cache keeps a public page (Cache-Control s-maxage) and the site keeps a
# rendered page (stories/page_cache.py; a change purges it at once either way).
PAGE_CACHE_EDGE_SECONDS = int(os.environ.get("PAGE_CACHE_EDGE_SECONDS", "300"))
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))

# The EMAIL_BACKEND variable chooses how mail leaves: SMTP by default; console, file
# (EMAIL_FILE_PATH) and locmem work too. The SMTP options go to the SMTP backend only: the
# others refuse them. (Lower-case names: Django refuses its deprecated EMAIL_* settings
# beside MAILERS.)
_smtp_backend = "django.core.mail.backends.smtp.EmailBackend"
_email_backend = os.environ.get("EMAIL_BACKEND", _smtp_backend)
if _email_backend == _smtp_backend:
    _mailer_options = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": os.environ.get("EMAIL_USE_TLS", "false").lower() == "true",
        # A mail server that does not answer fails the task within seconds (recorded on the
        # contribution, resent from the inbox) instead of holding a worker.
        "timeout": int(os.environ.get("EMAIL_TIMEOUT", "10")),
    }
elif _email_backend == "django.core.mail.backends.filebased.EmailBackend":
    _mailer_options = {"file_path": os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))}
else:
    _mailer_options = {}
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _mailer_options}}
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# E-mails and other background work go through a database queue; run `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Logs are JSON lines on standard error, one per request with its timing and query count
# (centenaire/observability.py), for whatever collects the containers' output.
MIDDLEWARE = ["centenaire.observability.RequestLogMiddleware", *MIDDLEWARE]
LOGGING["formatters"] = {"json": {"()": "centenaire.observability.JsonFormatter"}}
LOGGING["handlers"]["console"]["formatter"] = "json"
LOGGING["root"] = {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")}

# In production a web server sends public media (deploy/nginx/); SERVE_MEDIA=true lets
# gunicorn serve them itself on a machine without one.
SERVE_MEDIA = os.environ.get("SERVE_MEDIA", "false").lower() == "true" or MEDIA_IN_PRIVATE_BUCKET
