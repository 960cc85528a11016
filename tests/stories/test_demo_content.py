"""The demo's texts (fixtures/demo/content.json) against the domain's own definitions: story
kinds, contributor relations and body blocks from the models, years and decades from the
centenary settings the demo itself declares, rich-text tags from the paragraph block's
features. Then what the demo must show: every decade, four featured stories, each kind.
No database: the file is read as the loader reads it."""

import json
import re
from collections import Counter
from pathlib import Path

from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

import pytest

from stories.blocks import ParagraphBlock, StandardBodyBlock, StoryBodyBlock
from stories.models import CentenarySettings, ContributorRelation, StoryKind

DEMO = Path(__file__).resolve().parents[2] / "fixtures" / "demo"
CONTENT = json.loads((DEMO / "content.json").read_text(encoding="utf-8"))
STORIES = CONTENT["stories"]
TIMELINES = CONTENT["timelines"]
CENTENARY = CentenarySettings(**CONTENT["settings"])
PARAGRAPH_TAGS = set(EditorHTMLConverter(ParagraphBlock().features).whitelister.element_rules)


def words(html):
    return len(re.sub(r"<[^>]+>", " ", html).split())


def tags_in(html):
    return {tag.lower() for tag in re.findall(r"</?([a-zA-Z0-9]+)", html)}


def reading_words(body):
    """The words a reader reads in a body: paragraphs and quotes."""
    paragraphs = [b["value"] for b in body if b["type"] == "paragraph"]
    quotes = [b["value"]["text"] for b in body if b["type"] == "quote"]
    return sum(words(text) for text in paragraphs + quotes)


def blocks_of(*pages):
    return [block for page in pages for block in page["body"]]


def test_the_demo_declares_the_centenary_of_the_demo_customer():
    assert (CENTENARY.hashtag, CENTENARY.founding_year, CENTENARY.anniversary_year) == (
        "IBMfr100",
        1914,
        2014,
    )


@pytest.mark.parametrize("story", STORIES, ids=[story["slug"] for story in STORIES])
def test_each_story_fits_the_domain(story):
    assert story["kind"] in StoryKind.values
    if story["kind"] == StoryKind.EDITORIAL:
        assert story["display_name"] == story["relation"] == ""  # the newsroom signs it
    else:
        assert story["display_name"]
        assert story["relation"] in ContributorRelation.values
    assert story["year_start"] in CENTENARY.years
    if story["year_end"] is not None:
        assert story["year_start"] < story["year_end"] <= CENTENARY.anniversary_year
    assert story["image_alt"]
    assert len(story["pull_quote"]) < 140
    assert 250 <= reading_words(story["body"]) <= 500
    assert 1 <= len(story["share_messages"]) <= 2
    assert all(f"#{CENTENARY.hashtag}" in message for message in story["share_messages"])
    for key in ("title", "standfirst", "pull_quote"):
        assert "'" not in story[key], f"straight apostrophe in {key}"  # French typography


def test_every_body_block_is_one_the_page_offers_with_the_paragraph_features_only():
    offered = {
        "story": set(StoryBodyBlock().child_blocks),
        "standard": set(StandardBodyBlock().child_blocks),
    }
    assert {b["type"] for b in blocks_of(*STORIES)} <= offered["story"]
    assert {b["type"] for b in blocks_of(*CONTENT["standard_pages"])} <= offered["standard"]
    for block in blocks_of(*STORIES, *CONTENT["standard_pages"]):
        if block["type"] == "paragraph":
            assert tags_in(block["value"]) <= PARAGRAPH_TAGS, block["value"][:80]
        elif block["type"] == "image":
            assert block["value"].get("alt")
        elif block["type"] == "video":
            assert block["value"]["url"].startswith("https://") and block["value"]["title"]


def test_the_demo_shows_every_decade_each_kind_and_four_featured_stories():
    decades = {
        year - year % 10
        for story in STORIES
        for year in range(story["year_start"], (story["year_end"] or story["year_start"]) + 1)
    }
    kinds = Counter(story["kind"] for story in STORIES)
    slugs = [story["slug"] for story in STORIES]

    assert set(CENTENARY.decades) <= decades
    assert len(STORIES) >= 18 and len(set(slugs)) == len(slugs)
    assert kinds[StoryKind.VIDEO] >= 2 and kinds[StoryKind.PHOTO] >= 3
    assert kinds[StoryKind.EDITORIAL] >= 4
    assert sum(bool(story["featured"]) for story in STORIES) == 4


@pytest.mark.parametrize("timeline", TIMELINES, ids=[timeline["slug"] for timeline in TIMELINES])
def test_each_timeline_event_lies_in_its_era_and_links_a_demo_story(timeline):
    eras = {era["label"]: era for era in timeline["eras"]}
    stories = {story["slug"] for story in STORIES}
    for era in timeline["eras"]:
        assert CENTENARY.founding_year <= era["start"] <= era["end"] <= CENTENARY.anniversary_year
    for event in timeline["events"]:
        era = eras[event["era"]]
        assert era["start"] <= event["year"] <= era["end"], event["title"]
        if event["end_year"] is not None:
            assert event["year"] < event["end_year"] <= CENTENARY.anniversary_year
        assert event["story"] is None or event["story"] in stories
        assert not event["image"] or event["image_alt"]


def test_the_standard_pages_are_the_three_the_site_links_to():
    slugs = {page["slug"] for page in CONTENT["standard_pages"]}
    assert slugs == {"charte-des-contributeurs", "politique-de-confidentialite", "mentions-legales"}
    for page in CONTENT["standard_pages"]:
        paragraphs = [b["value"] for b in page["body"] if b["type"] == "paragraph"]
        assert 300 <= words(page["intro"]) + sum(map(words, paragraphs)) <= 600, page["slug"]


def test_every_image_the_demo_names_exists_and_is_light():
    named = {story["image"] for story in STORIES}
    named |= {timeline["image"] for timeline in TIMELINES}
    named |= {event["image"] for timeline in TIMELINES for event in timeline["events"]}
    named |= {
        b["value"]["image"]
        for b in blocks_of(*STORIES, *CONTENT["standard_pages"])
        if b["type"] == "image"
    }
    for name in sorted(filter(None, named)):
        path = DEMO / "images" / name
        assert path.is_file(), name
        assert path.stat().st_size <= 250 * 1024, name
