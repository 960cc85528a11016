"""What issue 13 asks of the public templates, read from the rendered HTML."""

import re

import pytest

from tests.builders import make_share_kit, make_story, make_timeline

pytestmark = pytest.mark.django_db

NN = "\u202f"


def share_bars(html):
    return re.findall(r'<div class="share">', html)


def test_a_story_has_one_share_bar_of_named_icons_and_folded_messages(client, home, story_index):
    make_share_kit(home).save_revision().publish()
    story = make_story(story_index, share_messages=["Un souvenir à partager"])

    html = client.get(story.url).content.decode()

    assert len(share_bars(html)) == 1
    link = re.search(
        rf'<a class="share__link share__link--icon" href="/partage/{story.pk}/x/"[^>]*>(.*?)</a>',
        html,
        re.S,
    ).group(1)
    assert "icons.svg#brand-x" in link and 'aria-hidden="true"' in link
    assert '<span class="visually-hidden">X (nouvelle fenêtre)</span>' in link  # its name
    assert '<details class="messages">' in html  # folded under the story
    assert "/kit-de-partage/" in html  # the full set is on the share kit


def test_a_timeline_event_gets_one_small_share_icon_not_a_bar(client, home):
    timeline = make_timeline(home, events=[{"year": 1985, "title": "Roland-Garros"}])

    html = client.get(timeline.url).content.decode()

    assert len(share_bars(html)) == 1  # the page's own, at the top
    assert html.count('<details class="share share--compact">') == 1
    assert f"Partager cet événement{NN}: Roland-Garros" in html  # the icon's accessible name


def test_the_pull_quote_is_shown_once_when_the_text_quotes_it(client, story_index):
    quote = "Nous avions plus de crayons que d’ordinateurs."
    story = make_story(
        story_index,
        pull_quote=quote,
        body=[{"type": "quote", "value": {"text": quote, "attribution": "Jean-Pierre M."}}],
    )

    html = client.get(story.url).content.decode()

    assert html.count("plus de crayons") == 1


def test_the_pull_quote_shows_when_the_text_does_not_quote_it(client, story_index):
    story = make_story(story_index, pull_quote="Une phrase forte.")

    assert "Une phrase forte." in client.get(story.url).content.decode()


def test_no_search_result_reads_aucun_resultat(client, home):
    html = client.get("/recherche/", {"q": "introuvable"}).content.decode()

    assert f"Aucun résultat pour «{NN}introuvable{NN}»" in html
    assert "0 résultat" not in html


def test_editorial_text_gets_french_spacing(client, story_index):
    story = make_story(story_index, title="Pourquoi ? Parce que !", standfirst="« Oui » : voilà")

    html = client.get(story.url).content.decode()

    assert f"Pourquoi{NN}? Parce que{NN}!" in html
    assert f"«{NN}Oui{NN}»{NN}: voilà" in html


def test_a_story_without_ready_messages_shows_no_fold(client, story_index):
    story = make_story(story_index)

    response = client.get(story.url)

    assert response.status_code == 200
    assert "messages prêts à publier" not in response.content.decode()


def test_home_and_list_describe_themselves_for_search_engines(client, home, story_index):
    home.intro = "Cent ans d’histoires racontées par celles et ceux qui les ont vécues."
    home.save_revision().publish()
    story_index.intro = "Toutes les histoires du centenaire."
    story_index.save_revision().publish()

    for page, text in ((home, "Cent ans d’histoires"), (story_index, "Toutes les histoires")):
        html = client.get(page.url).content.decode()
        assert f'<meta name="description" content="{text}' in html
