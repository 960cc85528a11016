from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "stories"
    verbose_name = _("Histoires du centenaire")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from stories import checks, edge_purge, page_cache, signals  # noqa: F401  (checks register)
        from stories.exports import protect_spreadsheet_exports

        signals.connect()
        page_cache.connect()
        edge_purge.connect()
        protect_spreadsheet_exports()
