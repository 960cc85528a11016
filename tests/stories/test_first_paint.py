"""What a page makes a phone fetch before its first paint (issue 13, Lighthouse): one
stylesheet whose address follows site.css and the colours, the faces it preloads, and the
first picture of a list asked for at once at the size a phone shows it."""

import re

import pytest

from stories.models import CentenarySettings
from stories.stylesheet import absolute_urls
from tests.builders import make_image, make_story

pytestmark = pytest.mark.django_db


def stylesheet_links(html):
    return re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)


def preloaded_fonts(html):
    return re.findall(r'<link rel="preload" href="([^"]+)" as="font"', html)


def images(html):
    return re.findall(r"<img [^>]*>", html)


def test_a_page_waits_for_one_stylesheet_with_the_faces_layout_and_colours(client, home):
    CentenarySettings.objects.filter(site__root_page=home).update(accent_colour="#8a4b08")

    html = client.get("/").content.decode()
    (address,) = stylesheet_links(html)
    response = client.get(address)
    css = response.content.decode()

    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert "immutable" in response["Cache-Control"]
    assert "@font-face" in css and ".site-header" in css
    assert "--colour-accent: #8a4b08;" in css
    # The colours come last, so that they win over site.css's defaults.
    assert css.rindex("--colour-accent: #8a4b08;") > css.rindex("--colour-accent: #f2a93b;")


def test_the_stylesheet_address_changes_when_an_editor_changes_a_colour(client, home):
    before = stylesheet_links(client.get("/").content.decode())

    settings = CentenarySettings.objects.get(site__root_page=home)
    settings.primary_colour = "#123456"
    settings.save()  # as the admin saves it (the page cache lets the pages go)
    after = stylesheet_links(client.get("/").content.decode())

    assert before != after
    assert "--colour-primary: #123456;" in client.get(after[0]).content.decode()


def test_the_faces_a_page_preloads_are_the_ones_its_stylesheet_uses(client, story_index):
    story = make_story(story_index, standfirst="Un chapeau en romain, sous le titre.")

    html = client.get(story.url).content.decode()
    css = client.get(stylesheet_links(html)[0]).content.decode()
    used = set(re.findall(r'url\("([^"]+)"\)', css))

    preloads = preloaded_fonts(html)
    # Body, semibold, headings, and on a story the standfirst's roman serif.
    assert len(preloads) == 4
    assert any("serif-latin-400-normal" in font for font in preloads)
    assert set(preloads) <= used  # the same addresses: the preloaded files are the ones used


def test_bold_text_is_drawn_from_the_semibold_files(client, home):
    html = client.get("/").content.decode()
    css = client.get(stylesheet_links(html)[0]).content.decode()
    faces = re.findall(r"@font-face \{(.*?)\}", css, re.S)

    weights = {re.search(r"font-weight: ([^;]+);", face).group(1) for face in faces}
    assert weights == {"400", "600 700"}  # no bold file to fetch for a <strong> or a date


def test_the_stylesheet_points_at_the_static_files_from_its_own_address():
    base = "/static/css/site.0123456789ab.css"
    css = (
        'src: url("../fonts/plex.77bc02670657.woff2"); '
        "background: url(data:image/png;base64,AAAA); "
        "mask: url('/static/icons/x.svg'); fill: url(#shape);"
    )

    made = absolute_urls(css, base)

    assert 'url("/static/fonts/plex.77bc02670657.woff2")' in made
    assert "url(data:image/png;base64,AAAA)" in made
    assert "url('/static/icons/x.svg')" in made and "url(#shape)" in made


def test_the_first_card_of_the_story_list_is_fetched_at_once_the_others_lazily(
    client, home, story_index
):
    for year in (1985, 1970, 1955):
        make_story(story_index, title=f"Histoire {year}", year_start=year, image=make_image())

    cards = [
        tag for tag in images(client.get(story_index.url).content.decode()) if "card__image" in tag
    ]
    # The same card further down another list (its fragment is cached) stays lazy there.
    home_cards = [tag for tag in images(client.get("/").content.decode()) if "card__image" in tag]

    assert len(cards) == 3
    assert 'fetchpriority="high"' in cards[0] and 'loading="lazy"' not in cards[0]
    assert all('loading="lazy"' in tag and "fetchpriority" not in tag for tag in cards[1:])
    assert home_cards and all('loading="lazy"' in tag for tag in home_cards)


def test_a_card_across_a_phone_has_a_rendition_near_its_width(client, story_index):
    make_story(story_index, image=make_image(size=(1600, 1000)))

    (card,) = [
        t for t in images(client.get(story_index.url).content.decode()) if "card__image" in t
    ]
    widths = sorted({int(w) for w in re.findall(r" (\d+)w", card)})

    # A 390-412 px phone at a density of 1.75-2 shows a card about 660-720 pixels wide.
    assert "calc(100vw - 2rem)" in card
    assert any(660 <= width <= 800 for width in widths), widths
