"""What the contributor typed reaches the published story as they meant it: the caption
under their photo, and their first sentence printed once (the card still leads with it)."""

import pytest

from stories.models import Contribution, StoryPage
from tests.builders import make_image, make_story
from tests.stories.contributions.conftest import photo_upload

pytestmark = pytest.mark.django_db

FIRST_SENTENCE = "Le premier jour, on m’a confié une perforatrice et un classeur de cartes."


@pytest.fixture
def published(post_contribution):
    """A contribution with two captioned photos, published as moderators would."""
    post_contribution(
        photo_1=photo_upload(),
        caption_1="L’atelier au petit matin",
        photo_2=photo_upload(name="deux.jpg"),
        caption_2="La relève de l’équipe de nuit",
        consent_people="on",
    )
    story = Contribution.objects.get().page.specific
    story.get_latest_revision().publish()
    return StoryPage.objects.get(pk=story.pk)


def article(client, story):
    html = client.get(story.url).content.decode()
    return html[html.index("<article") : html.index("</article>")]


def test_the_caption_typed_under_the_first_photo_is_shown_under_the_lead_image(client, published):
    html = article(client, published)

    lead = html[html.index('class="story__lead"') :]
    lead = lead[: lead.index("</figure>")]
    assert '<span class="caption">L’atelier au petit matin</span>' in lead
    assert published.image_caption == "L’atelier au petit matin"


def test_the_other_photos_keep_their_captions_in_the_text(client, published):
    assert '<span class="caption">La relève de l’équipe de nuit</span>' in article(
        client, published
    )


def test_the_first_sentence_is_printed_once_on_the_story_page(client, published):
    html = article(client, published)

    assert published.standfirst == FIRST_SENTENCE
    assert html.count("Le premier jour, on m’a confié une perforatrice") == 1
    assert 'class="story__standfirst"' not in html
    assert "quarante ans de métier" in html  # the whole text is there


def test_cards_still_lead_with_the_first_sentence(client, published, story_index):
    html = client.get(story_index.url).content.decode()

    card = html[html.index("Mon premier jour à Corbeil") :]
    assert FIRST_SENTENCE in card[: card.index("</article>")]


def test_a_standfirst_of_its_own_is_shown_above_the_text(client, published):
    published.standfirst = "Quarante ans de métier, commencés devant une perforatrice."
    published.save_revision().publish()

    html = article(client, published)
    assert '<p class="story__standfirst">Quarante ans de métier' in html
    assert html.count("Le premier jour, on m’a confié une perforatrice") == 1


def test_an_editorial_story_keeps_its_standfirst_and_its_lead_caption(client, story_index):
    story = make_story(
        story_index,
        standfirst="Un chapeau de la rédaction.",
        image=make_image(credit="Archives"),
        image_caption="Le hall, en 1964",
        body=[{"type": "paragraph", "value": "<p>Un texte qui commence autrement.</p>"}],
    )

    html = article(client, story)
    assert '<p class="story__standfirst">Un chapeau de la rédaction.</p>' in html
    assert '<span class="caption">Le hall, en 1964</span>' in html
    assert "Photo\u202f: Archives" in html


def test_a_story_without_caption_shows_only_the_credit(client, story_index):
    story = make_story(story_index, image=make_image(credit="Archives"))

    html = article(client, story)
    assert 'class="caption"' not in html
    assert "Photo\u202f: Archives" in html
