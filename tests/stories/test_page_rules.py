import base64
import io
import re

from django.urls import reverse

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from PIL import Image

from stories.models import (
    ContributionPage,
    HomePage,
    ShareKitPage,
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
        self.assertAllowedSubpageTypes(
            HomePage,
            {StoryIndexPage, TimelineIndexPage, ContributionPage, ShareKitPage, StandardPage},
        )

    def test_the_share_kit_hangs_from_the_home_page_alone(self):
        self.assertAllowedParentPageTypes(ShareKitPage, {HomePage})
        self.assertAllowedSubpageTypes(ShareKitPage, set())

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

    def test_the_contribution_page_lives_once_under_home(self):
        self.assertAllowedParentPageTypes(ContributionPage, {HomePage})
        self.assertAllowedSubpageTypes(ContributionPage, set())
        self.assertEqual(ContributionPage.max_count_per_parent, 1)

    def test_standard_pages_nest_under_home_or_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})

    def test_a_section_index_exists_once_per_home(self):
        self.assertEqual(StoryIndexPage.max_count_per_parent, 1)
        self.assertEqual(TimelineIndexPage.max_count_per_parent, 1)
        self.assertEqual(HomePage.max_count_per_parent, 1)


class AdminPreviewCase(WagtailPageTestCase):
    """An editor logged in, a story index, and the form data of a story."""

    @classmethod
    def setUpTestData(cls):
        from tests.builders import make_site, make_story_index

        cls.home = make_site()
        cls.index = make_story_index(cls.home)

    def setUp(self):
        self.client.force_login(self.create_superuser("editor"))

    def preview(self, view, args, data, mode=""):
        url = reverse(f"wagtailadmin_pages:{view}", args=args)
        self.assertEqual(self.client.post(url, data).json()["is_valid"], True)
        return self.client.get(url, {"mode": mode} if mode else {}).content.decode()

    def story_data(self, **fields):
        return nested_form_data(
            {
                "title": "Le court central",
                "slug": "le-court-central",
                "standfirst": "Un chapeau.",
                "kind": "anecdote",
                "year_start": 1985,
                "themes": "Sport",
                "body": streamfield([("paragraph", rich_text("<p>Un récit.</p>"))]),
                "share_messages": inline_formset([]),
                "photo_in_share_card": "on",
                **fields,
            }
        )


class PreviewTests(AdminPreviewCase):
    """Editors preview stories and timelines as the reader will see them, even before saving."""

    def test_a_new_story_is_previewable_before_its_first_save(self):
        html = self.preview(
            "preview_on_add", ("stories", "storypage", self.index.pk), self.story_data()
        )

        self.assertIn("Le court central", html)
        self.assertIn("Un récit.", html)

    def test_an_edited_story_previews_its_unsaved_changes(self):
        from tests.builders import make_story

        story = make_story(self.index, title="Avant")
        html = self.preview(
            "preview_on_edit", (story.pk,), self.story_data(title="Après", slug=story.slug)
        )

        self.assertIn("Après", html)


class BlockPreviewTests(WagtailPageTestCase):
    def test_every_body_block_has_icon_template_description_and_a_preview(self):
        from stories.blocks import StandardBodyBlock, StoryBodyBlock
        from tests.builders import make_image

        make_image(title="corbeil")
        for stream in (StoryBodyBlock(), StandardBodyBlock()):
            for name, block in stream.child_blocks.items():
                with self.subTest(block=name):
                    self.assertNotEqual(block.meta.icon, "placeholder")
                    self.assertTrue(block.meta.template)
                    self.assertTrue(block.get_description())
                    self.assertTrue(block.is_previewable)
                    html = block.render(block.get_preview_value())
                    self.assertTrue(html.strip())


class ShareCardPreviewTests(AdminPreviewCase):
    """The editor sees the page's share card, drawn from the unsaved form, in the preview."""

    def card_of(self, html):
        match = re.search(r'src="data:(image/(?:png|jpeg));base64,([^"]+)"', html)
        self.assertIsNotNone(match)
        return match.group(1), Image.open(io.BytesIO(base64.b64decode(match.group(2))))

    def test_a_new_story_previews_its_card_before_its_first_save(self):
        html = self.preview(
            "preview_on_add",
            ("stories", "storypage", self.index.pk),
            self.story_data(),
            mode="share-card",
        )

        content_type, card = self.card_of(html)
        self.assertEqual(card.size, (1200, 630))
        self.assertEqual(content_type, "image/png")  # no photo yet
        self.assertIn("Image de partage", html)

    def test_the_card_follows_unsaved_changes_and_is_not_stored(self):
        from stories.sharing.service import stored_cards
        from tests.builders import make_image, make_story

        story = make_story(self.index, title="Avant")
        image = make_image()
        before = set(stored_cards())
        data = self.story_data(title="Après", slug=story.slug, image=image.pk)
        html = self.preview("preview_on_edit", (story.pk,), data, mode="share-card")

        content_type, _card = self.card_of(html)
        self.assertEqual(content_type, "image/jpeg")  # the photo chosen in the form
        after = set(stored_cards())
        self.assertEqual(before, after)

    def test_the_editor_is_told_when_the_photo_is_held_back(self):
        from tests.builders import make_image

        data = self.story_data(image=make_image().pk, photo_in_share_card="")
        html = self.preview(
            "preview_on_add", ("stories", "storypage", self.index.pk), data, mode="share-card"
        )

        content_type, _card = self.card_of(html)
        self.assertEqual(content_type, "image/png")
        self.assertIn("photo sur l’image de partage", html)
