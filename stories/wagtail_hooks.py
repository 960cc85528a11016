"""Admin customisation stays thin here: the inbox, review tracking, the share report."""

from wagtail import hooks

from stories.contributions.admin import register_inbox
from stories.contributions.outcomes import mark_in_review
from stories.models import StoryPage


@hooks.register("after_edit_page")
def note_review_started(request, page):
    if isinstance(page.specific, StoryPage):
        mark_in_review(page)


@hooks.register("register_admin_urls")
def share_report_urls():
    from stories.sharing.report import report_urls

    return report_urls()


@hooks.register("register_reports_menu_item")
def share_report_menu_item():
    from stories.sharing.report import report_menu_item

    return report_menu_item()


register_inbox()
