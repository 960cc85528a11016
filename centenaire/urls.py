from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from stories import views
from stories.contributions import media
from stories.sharing import views as sharing_views
from stories.sitemap import sitemap

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("recherche/", views.search, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("theme.css", views.theme_css, name="theme_css"),
    path("partage/carte/<int:page_id>/<slug:key>/", sharing_views.share_card, name="share_card"),
    path("partage/<int:page_id>/<slug:network>/", sharing_views.share, name="share"),
]

if settings.SERVE_MEDIA:
    # A single machine serves its uploads itself; behind a web server or object storage
    # SERVE_MEDIA is false and this route disappears.
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(re_path(rf"^{media_prefix}(?P<path>.*)$", media.serve_media))

urlpatterns.append(path("", include(wagtail_urls)))
