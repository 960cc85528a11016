from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from stories.public_url import absolute_url, page_url


class StoryFeed(Feed):
    """RSS of the latest published stories of one story index.

    The index page gives what to list and whose name to show: the feed knows no model."""

    feed_type = Rss201rev2Feed

    def __init__(self, index_page, stories, organisation):
        super().__init__()
        self.index_page = index_page
        self.stories = stories
        self.organisation = organisation

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("%(organisation)s – dernières histoires") % {"organisation": self.organisation}

    def link(self):
        return page_url(self.index_page, self.request)

    def feed_url(self):
        return absolute_url(self.request.path)

    def description(self):
        return self.index_page.intro or self.title()

    def items(self):
        return self.stories

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst

    def item_link(self, item):
        return page_url(item, self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_author_name(self, item):
        return item.display_name or None
