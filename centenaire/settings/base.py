"""Settings shared by every environment. Environment-specific files import this."""

import os
from datetime import timedelta
from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


INSTALLED_APPS = [
    "stories",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.frontend_cache",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "wagtailmedia",
    "django_tasks_db",
    "axes",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous readers get public pages from the cache of rendered responses
    # (stories/page_cache.py); inside it, every header a page carries is stored with it.
    "stories.page_cache.PageCacheMiddleware",
    # Wagtail's Site for the request, matched once per host and cache generation.
    "stories.site_lookup.SiteLookupMiddleware",
    "centenaire.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as its documentation asks: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

# Logins (Wagtail's admin and /django-admin/) are throttled by django-axes: after
# AXES_FAILURE_LIMIT failures for one user name from one address, that pair waits
# AXES_COOLOFF_TIME. An office behind one address is not locked out by one colleague's typos.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)  # the lockout page says "un quart d’heure"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/login_locked.html"
AXES_CLIENT_IP_CALLABLE = "stories.client_address.client_address"
AXES_VERBOSE = False

ROOT_URLCONF = "centenaire.urls"
WSGI_APPLICATION = "centenaire.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# One variable chooses the database: SQLite (WAL) by default, PostgreSQL in production or CI.
# Connections are kept between requests (a minute, checked before reuse): opening one, with
# SQLite's pragmas, cost an uncached page about a sixth of its CPU.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once. IMMEDIATE takes the write lock when a
    # transaction begins, so a writer waits there (up to the busy timeout, `timeout` seconds)
    # instead of failing half-way. Batch commands commit every page, well within it; the
    # contribution intake tries a busy database again for up to CONTRIBUTION_BUSY_SECONDS.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": float(os.environ.get("SQLITE_BUSY_TIMEOUT", "5")),
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's database search backend uses PostgreSQL full-text search there.
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# French is the site's language; English is kept complete in locale/en.
LANGUAGE_CODE = os.environ.get("DJANGO_LANGUAGE_CODE", "fr")
LANGUAGES = [("fr", _("Français")), ("en", _("Anglais"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Media on S3-compatible object storage when a bucket is named (stories/object_storage.py):
# nothing in it is public; Django checks and redirects to presigned URLs, or public media
# come from AWS_S3_CUSTOM_DOMAIN. Keys come from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY (read by django-storages from the environment, never stored here).
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "stories.object_storage.MediaStorage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            "default_acl": None,  # private: the bucket owner's alone
            "file_overwrite": False,  # a new name for a new file, as on disk
            "signature_version": "s3v4",
        },
    }
# Serve uploaded media from Django itself (the demo and a single machine); off when a web
# server or object storage serves them.
# Media in a bucket with no public domain of their own: every /media/ URL is Django's, a
# check then a redirect (stories/object_storage.py), whatever SERVE_MEDIA says.
MEDIA_IN_PRIVATE_BUCKET = bool(os.environ.get("AWS_STORAGE_BUCKET_NAME")) and not (
    os.environ.get("AWS_S3_CUSTOM_DOMAIN")
)
SERVE_MEDIA = os.environ.get("SERVE_MEDIA", "true").lower() == "true" or MEDIA_IN_PRIVATE_BUCKET
# Behind nginx (deploy/nginx/centenaire.conf): "/_protected_media/". Django still decides who
# may have a contribution file, then answers with X-Accel-Redirect and nginx sends the bytes.
# Empty: Django sends them itself.
MEDIA_ACCEL_REDIRECT_PREFIX = os.environ.get("MEDIA_ACCEL_REDIRECT_PREFIX", "")

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Content-Security-Policy: no inline script or style on the public site.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "media-src": [CSP.SELF],
    # Only the privacy-enhanced players of the three video hosts, loaded on a click: the
    # players of stories/video/external.py (a system check fails if the two disagree).
    "frame-src": [
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
        "https://www.dailymotion.com",
    ],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
# Wagtail's admin still relies on inline styles and scripts in places.
SECURE_CSP_ADMIN = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "frame-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}

# A file cache is shared by every process of one machine (the web server, its workers and
# management commands such as load_demo), so the site cache is invalidated for all of them.
# Production with several machines uses Redis (REDIS_URL).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / ".cache")),
        "TIMEOUT": 3600,
    },
    # Each worker's own memory for values keyed by the site cache's generation (rendered
    # fragments, the menu's pages): they never change once written (stories/cache.py). At
    # most 1,000 entries (fragments weigh 1-30 KB).
    "worker": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "centenaire-worker",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
}

# Rendered public pages: seconds kept by the site (stories/page_cache.py) and by a shared
# cache in front (s-maxage); a publication or any change purges them at once.
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE", "on").lower() != "off"
PAGE_CACHE_SECONDS = 600
PAGE_CACHE_EDGE_SECONDS = 300

TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Centenaire")
# The site's public address (scheme://host[:port]), the one source of every absolute link:
# e-mails, canonical and Open Graph tags, sitemap, feed, share links (stories/public_url.py).
# `manage.py set_site_address` points the Wagtail Site at it; `make demo` sets it to the
# address it serves. The admin's e-mails use the same address unless told otherwise.
SITE_BASE_URL = os.environ.get("SITE_BASE_URL", "http://127.0.0.1:8000").strip().rstrip("/")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", SITE_BASE_URL)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "centenaire@localhost")
WAGTAILIMAGES_IMAGE_MODEL = "stories.CentenaryImage"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "avif"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt", "vtt"]
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "INDEX_PREFIX": "centenaire_"}
}
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No request to a third party from the admin (privacy; the admin CSP would block it anyway).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# Story listings and feeds.
STORIES_PER_PAGE = 12
STORIES_IN_FEED = 30

# Quiet the immediate task backend's per-task lines; warnings and errors still show.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.tasks": {"handlers": ["console"], "level": "WARNING", "propagate": False}},
}

# How many reverse proxies of ours stand in front of Django, each appending to
# X-Forwarded-For (1 behind the nginx of deploy/nginx). 0: REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Contributions from the public.
# Stories accepted per e-mail address and hour, and attempts per network (an office or a
# public wifi shares one address, IPv6 counted by /64) and hour (stories/contributions/
# rate_limits.py).
CONTRIBUTION_RATE_LIMIT = int(os.environ.get("CONTRIBUTION_RATE_LIMIT", "5"))
CONTRIBUTION_NETWORK_LIMIT = int(os.environ.get("CONTRIBUTION_NETWORK_LIMIT", "60"))
CONTRIBUTION_MAX_PHOTOS = 5
# How long the intake keeps trying while another writer holds the database (a batch command,
# a burst of stories) before it answers "try again": within gunicorn's 60 s timeout, with
# room for the rate counters' own few seconds (stories/busy.py).
CONTRIBUTION_BUSY_SECONDS = float(os.environ.get("CONTRIBUTION_BUSY_SECONDS", "30"))
# All contributed photos and videos together may take this much disk (50 GiB); past it,
# stories are accepted as text only (stories/contributions/media_budget.py).
CONTRIBUTION_MEDIA_BUDGET_BYTES = int(
    os.environ.get("CONTRIBUTION_MEDIA_BUDGET_BYTES", str(50 * 1024**3))
)

# Video testimonies (wagtailmedia, with our own model). Limits apply to editors and
# contributors alike; files above FILE_UPLOAD_MAX_MEMORY_SIZE are streamed to disk.
WAGTAILMEDIA = {
    "MEDIA_MODEL": "stories.Video",
    "MEDIA_FORM_BASE": "stories.video.forms.VideoForm",
    "VIDEO_EXTENSIONS": ["mp4", "mov", "webm"],
    "AUDIO_EXTENSIONS": [],
}
VIDEO_MAX_BYTES = int(os.environ.get("VIDEO_MAX_BYTES", str(500 * 1024 * 1024)))
# Uploads above FILE_UPLOAD_MAX_MEMORY_SIZE are streamed into this folder of our own, not the
# system's: a worker killed mid-upload leaves its partial file here, and `manage.py
# check_media` sweeps files older than its grace period.
FILE_UPLOAD_TEMP_DIR = os.environ.get("UPLOAD_TEMP_DIR", str(BASE_DIR / "tmp" / "uploads"))
Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
FILE_UPLOAD_HANDLERS = [
    "stories.video.uploads.UploadSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
VIDEO_MAX_SECONDS = int(os.environ.get("VIDEO_MAX_SECONDS", str(15 * 60)))
# The address a contributor stuck with a file is told to write to (DEFAULT_FROM_EMAIL if unset).
CONTRIBUTION_CONTACT_EMAIL = os.environ.get("CONTRIBUTION_CONTACT_EMAIL", "")
# Photos and videos that passed their checks, kept (never served) while a form that came back
# with an error is fixed; at most this many bytes, deleted after a day by
# `manage.py clean_staged_media` (stories/contributions/staging.py).
CONTRIBUTION_STAGING_DIR = os.environ.get(
    "CONTRIBUTION_STAGING_DIR", str(BASE_DIR / "tmp" / "staged")
)
# A video sent by the form's JavaScript goes in parts of this size; a cut re-sends one part.
VIDEO_UPLOAD_CHUNK_BYTES = int(os.environ.get("VIDEO_UPLOAD_CHUNK_BYTES", str(4 * 1024**2)))
# Such uploads created per network and hour (resuming one is not creating one).
VIDEO_UPLOAD_NETWORK_LIMIT = int(os.environ.get("VIDEO_UPLOAD_NETWORK_LIMIT", "30"))
CONTRIBUTION_STAGING_BUDGET_BYTES = int(
    os.environ.get("CONTRIBUTION_STAGING_BUDGET_BYTES", str(5 * 1024**3))
)
# A form sent back sooner than this after it was shown is a bot's.
CONTRIBUTION_MIN_SECONDS = 4

# Operations (README, "One machine, then many"). /healthz fails its task check when the
# oldest waiting task has waited longer than this (no worker takes them).
HEALTH_TASK_MAX_WAIT = int(os.environ.get("HEALTH_TASK_MAX_WAIT", "600"))
# The scheduler (manage.py run_scheduler) deletes finished task results older than this.
TASK_RESULTS_KEEP_DAYS = int(os.environ.get("TASK_RESULTS_KEEP_DAYS", "14"))
