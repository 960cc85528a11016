"""Admin customisation stays thin here: the inbox, the contribution panel, review tracking."""

from wagtail import hooks

from stories.contributions.admin import register_inbox
from stories.contributions.outcomes import mark_in_review
from stories.models import StoryPage


@hooks.register("after_edit_page")
def note_review_started(request, page):
    if isinstance(page.specific, StoryPage):
        mark_in_review(page)


register_inbox()
