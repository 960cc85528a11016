"""The contributions inbox (wagtail-modeladmin) and the moderators' tools around it."""

from django.contrib.admin import display
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from stories.contributions import admin_views
from stories.models import Contribution


class ContributionPermissionHelper(PermissionHelper):
    """Contributions come only from the public form, and leave only through erasure."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class ContributionAdmin(ModelAdmin):
    model = Contribution
    menu_label = _("Contributions")
    menu_icon = "mail"
    menu_order = 150
    permission_helper_class = ContributionPermissionHelper
    inspect_view_enabled = True
    # Few, short columns, so that nothing wraps mid-word at 1280 px beside the filters.
    list_display = (
        "reference",
        "story_link",
        "received",
        "status",
        "relation",
        "consents",
        "mail_state",
        "video_state",
    )
    list_filter = ("status", "relation", "created_at")
    search_fields = ("reference", "name", "email", "page__title")
    # CSV/XLSX export: formulas are neutralised for every export (stories.exports).
    list_export = (
        "reference",
        "created_at",
        "status",
        "relation",
        "name",
        "email",
        "display_choice",
        "years_at_company",
        "consent_publication",
        "consent_social",
        "consent_people",
        "consent_guidelines",
        "consented_at",
        "story_title",
    )
    export_filename = "contributions"
    inspect_view_fields = (
        "reference",
        "status",
        "created_at",
        "name",
        "email",
        "relation",
        "years_at_company",
        "display_choice",
        "consent_publication",
        "consent_social",
        "consent_people",
        "consent_guidelines",
        "consent_texts",
        "consented_at",
        "rejection_reason",
        "acknowledgement_status",
        "outcome_status",
        "mail_error",
        "page",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("page", "video")

    @display(description=_("Reçue le"))
    def received(self, obj):
        return date_format(timezone.localtime(obj.created_at), "SHORT_DATE_FORMAT")

    @display(description=_("Accords"))
    def consents(self, obj):
        ticks = [
            (_("publication"), obj.consent_publication),
            (_("réseaux"), obj.consent_social),
            (_("personnes"), obj.consent_people),
        ]
        return ", ".join(str(label) for label, given in ticks if given) or _("aucun")

    @display(description=_("E-mails"))
    def mail_state(self, obj):
        if obj.mail_error:
            return _("Échec : %(error)s") % {"error": obj.mail_error[:60]}
        return obj.get_acknowledgement_status_display()

    @display(description=_("Vidéo"))
    def video_state(self, obj):
        """How far the sent video's web rendition has got, or why it failed."""
        return obj.video.processing_label if obj.video_id else "—"

    @display(description=_("Histoire"))
    def story_link(self, obj):
        if not obj.page_id:
            return "—"
        url = reverse("wagtailadmin_pages:edit", args=(obj.page_id,))
        return format_html('<a href="{}">{}</a>', url, obj.page.title)

    def story_title(self, obj):
        return obj.page.title if obj.page_id else ""


def register_inbox():
    modeladmin_register(ContributionAdmin)

    @hooks.register("register_admin_urls")
    def contributor_data_urls():
        return [
            path(
                "contributions/<int:pk>/export/",
                admin_views.export_contributor,
                name="contribution_export",
            ),
            path(
                "contributions/<int:pk>/erase/",
                admin_views.erase_contributor,
                name="contribution_erase",
            ),
            path(
                "contributions/<int:pk>/resend/",
                admin_views.resend_mails,
                name="contribution_resend",
            ),
        ]
