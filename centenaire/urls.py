import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from stories import admin_theme, health, views
from stories.contributions import media
from stories.models.images import PRIVATE_PREFIX
from stories.sharing import views as sharing_views
from stories.sitemap import sitemap

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # Before the admin's own routes, and open without a login: the login page wears it too.
    path("admin/theme.css", admin_theme.admin_theme_css, name="admin_theme_css"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", health.health, name="health"),
    path("recherche/", views.search, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("theme.css", views.theme_css, name="theme_css"),
    path("partage/carte/<int:page_id>/<slug:key>/", sharing_views.share_card, name="share_card"),
    path("partage/<int:page_id>/<slug:network>/", sharing_views.share, name="share"),
    # Resumable video uploads of the contribution form (stories/video/resumable.py).
    path("envoi-video/", include("stories.video.resumable_urls")),
]

# A single machine serves its uploads itself. Behind a web server (SERVE_MEDIA=false) the
# server sends public media, but contribution media still come here: only Django knows
# whether their story is published (behind nginx it then answers with X-Accel-Redirect).
media_prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
served = ".*" if settings.SERVE_MEDIA else f"{re.escape(PRIVATE_PREFIX)}.*"
urlpatterns.append(re_path(rf"^{media_prefix}(?P<path>{served})$", media.serve_media))

urlpatterns.append(path("", include(wagtail_urls)))
