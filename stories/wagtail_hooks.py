"""Admin customisation stays thin here: the inbox, review tracking, the share report, the
centenary's colours."""

from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.admin import messages

from stories.contributions.admin import register_inbox
from stories.contributions.outcomes import contribution_for, mark_in_review
from stories.models import ContributionStatus, StoryPage
from stories.sharing.report import report_menu_item, report_urls


@hooks.register("after_edit_page")
def note_review_started(request, page):
    if isinstance(page.specific, StoryPage):
        mark_in_review(page)


@hooks.register("after_edit_page")
def say_where_an_approved_contribution_is(request, page):
    """After approval, the moderator sees that the story is online, with a link to it."""
    if request.POST.get("workflow-action-name") != "approve":
        return
    contribution = contribution_for(page)
    if contribution is None or contribution.status != ContributionStatus.PUBLISHED:
        return
    page.refresh_from_db(fields=["live", "url_path"])
    if page.live:
        messages.success(
            request,
            _("La contribution %(reference)s est publiée : le contributeur en est informé.")
            % {"reference": contribution.reference},
            buttons=[messages.button(page.full_url, _("Voir l’histoire en ligne"), True)],
        )


@hooks.register("register_admin_urls")
def share_report_urls():
    return report_urls()


@hooks.register("register_reports_menu_item")
def share_report_menu_item():
    return report_menu_item()


@hooks.register("insert_global_admin_css")
def contributions_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("insert_global_admin_css")
def centenary_admin_colours():
    """Wagtail's colour properties from the settings (stories/admin_theme.py)."""
    return format_html('<link rel="stylesheet" href="{}">', reverse("admin_theme_css"))


register_inbox()
