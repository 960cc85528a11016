from django.core.management import CommandError, call_command

import pytest

from stories.models import StoryPage
from tests.builders import make_image

pytestmark = pytest.mark.django_db


def test_generated_stories_are_live_themed_and_searchable(client, story_index):
    make_image()

    call_command("generate_stories", count=5, verbosity=0)

    stories = StoryPage.objects.child_of(story_index).live()
    assert stories.count() == 5
    assert all(story.themes.count() == 2 and story.image_id for story in stories)
    found = client.get("/recherche/", {"q": "générée"}).context["result_count"]
    assert found == 5


def test_generating_twice_adds_new_stories_with_unique_slugs(story_index):
    call_command("generate_stories", count=3, verbosity=0)
    call_command("generate_stories", count=3, verbosity=0)

    slugs = list(StoryPage.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs)) == 6


def test_generating_without_a_story_index_explains_what_to_do(db):
    with pytest.raises(CommandError, match="load_demo"):
        call_command("generate_stories", count=1)
