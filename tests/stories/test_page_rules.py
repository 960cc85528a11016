from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from stories.models import (
    HomePage,
    StandardPage,
    StoryIndexPage,
    StoryPage,
    TimelineIndexPage,
    TimelinePage,
)


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_lives_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_home_page_accepts_the_sections_of_the_site(self):
        self.assertAllowedSubpageTypes(HomePage, {StoryIndexPage, TimelineIndexPage, StandardPage})

    def test_stories_live_only_under_the_story_index(self):
        self.assertAllowedParentPageTypes(StoryPage, {StoryIndexPage})
        self.assertAllowedSubpageTypes(StoryIndexPage, {StoryPage})
        self.assertAllowedSubpageTypes(StoryPage, set())

    def test_timelines_live_only_under_the_timeline_index(self):
        self.assertAllowedParentPageTypes(TimelinePage, {TimelineIndexPage})
        self.assertAllowedSubpageTypes(TimelineIndexPage, {TimelinePage})
        self.assertAllowedSubpageTypes(TimelinePage, set())

    def test_indexes_hang_from_the_home_page(self):
        self.assertAllowedParentPageTypes(StoryIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(TimelineIndexPage, {HomePage})

    def test_standard_pages_nest_under_home_or_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})

    def test_a_section_index_exists_once_per_home(self):
        self.assertEqual(StoryIndexPage.max_count_per_parent, 1)
        self.assertEqual(TimelineIndexPage.max_count_per_parent, 1)
        self.assertEqual(HomePage.max_count_per_parent, 1)
