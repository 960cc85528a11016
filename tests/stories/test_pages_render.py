import re

import pytest

from stories.models import CentenarySettings, HomeFeaturedStory
from tests.builders import make_image, make_standard_page, make_story, make_timeline

pytestmark = pytest.mark.django_db


def h1_count(html):
    return len(re.findall(r"<h1[\s>]", html))


def test_home_page_shows_anniversary_featured_latest_and_timelines(client, home, story_index):
    featured = make_story(
        story_index, title="Le court central de Roland-Garros", image=make_image()
    )
    make_story(story_index, title="Le match Corbeil contre Montpellier")
    make_timeline(home, title="100 ans d’IBM dans le sport")
    HomeFeaturedStory.objects.create(home=home, story=featured)
    home.save_revision().publish()

    html = client.get("/").content.decode()

    assert "1914" in html and "2014" in html
    assert "#IBMfr100" in html
    assert "Le court central de Roland-Garros" in html
    assert "Le match Corbeil contre Montpellier" in html
    assert "100 ans d’IBM dans le sport" in html
    assert h1_count(html) == 1


def test_call_to_contribute_appears_when_a_contribute_page_is_set(client, home):
    guidelines = make_standard_page(home, title="Charte des contributeurs")
    guidelines.save_revision().publish()
    CentenarySettings.objects.filter(site__root_page=home).update(contribute_page=guidelines)

    html = client.get("/").content.decode()

    assert "Raconter mon histoire" in html
    assert guidelines.url in html


def test_story_page_shows_its_period_place_themes_and_byline(client, story_index):
    story = make_story(
        story_index,
        title="Mon premier jour à Corbeil",
        year_start=1968,
        year_end=1972,
        place="Corbeil-Essonnes",
        display_name="Jean-Pierre M.",
        contributor_relation="alumnus",
        themes=["Usines et sites"],
        body=[{"type": "paragraph", "value": "<p>Le premier jour, il pleuvait.</p>"}],
    )

    html = client.get(story.url).content.decode()

    assert "1968–1972" in html
    assert "Corbeil-Essonnes" in html
    assert "Usines et sites" in html
    assert "Raconté par Jean-Pierre M." in html
    assert "Le premier jour, il pleuvait." in html
    assert h1_count(html) == 1


def test_story_page_links_previous_and_next_stories_in_time(client, story_index):
    early = make_story(story_index, title="Les cartes perforées", year_start=1935)
    middle = make_story(story_index, title="Le premier ordinateur", year_start=1955)
    late = make_story(story_index, title="Le Tour de France", year_start=1990)

    html = client.get(middle.url).content.decode()

    assert f'href="{early.url}" rel="prev"' in html
    assert f'href="{late.url}" rel="next"' in html


def test_story_page_suggests_stories_sharing_a_theme(client, story_index):
    story = make_story(story_index, title="Roland-Garros", themes=["Sport"])
    make_story(story_index, title="Le Tour de France", themes=["Sport"])
    make_story(story_index, title="Le brainstorming des valeurs", themes=["Valeurs"])

    html = client.get(story.url).content.decode()
    related = html.split("Sur les mêmes thèmes")[1]

    assert "Le Tour de France" in related
    assert "Le brainstorming des valeurs" not in related


def test_story_index_renders_cards_and_count(client, story_index):
    make_story(story_index, title="Roland-Garros")
    make_story(story_index, title="Golf")

    response = client.get(story_index.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "2 histoires" in html
    assert h1_count(html) == 1


def test_timeline_shows_eras_events_in_order_and_decade_links(client, home, story_index):
    story = make_story(story_index, title="Les 24 Heures du Mans", year_start=1982)
    timeline = make_timeline(
        home,
        title="100 ans d’IBM dans le sport",
        eras=[
            {"label": "Les débuts", "start_year": 1914, "end_year": 1959},
            {"label": "L’ère des données", "start_year": 1960, "end_year": 2014},
        ],
        events=[
            {"year": 1936, "title": "Chronométrage"},
            {"year": 1982, "title": "Le Mans en temps réel", "story": story},
            {"year": 1985, "title": "Roland-Garros"},
        ],
    )

    html = client.get(timeline.url).content.decode()

    assert html.index("Les débuts") < html.index("Chronométrage") < html.index("L’ère des données")
    assert html.index("Le Mans en temps réel") < html.index("Roland-Garros")
    assert 'id="1982-le-mans-en-temps-reel"' in html
    assert 'href="#1936-chronometrage"' in html  # the 1930s jump link
    assert f'href="{story.url}"' in html
    assert h1_count(html) == 1


def test_timeline_event_hides_a_story_that_is_not_published(client, home, story_index):
    draft = make_story(story_index, title="Brouillon secret", live=False)
    timeline = make_timeline(
        home,
        eras=[{"label": "Tout", "start_year": 1914, "end_year": 2014}],
        events=[{"year": 1990, "title": "Un événement", "story": draft}],
    )

    html = client.get(timeline.url).content.decode()

    assert "Un événement" in html
    assert "Brouillon secret" not in html


def test_timeline_index_and_standard_page_render(client, home):
    timeline = make_timeline(home, title="Nos sites en France")
    page = make_standard_page(home, title="Mentions légales", intro="Éditeur du site.")
    page.save_revision().publish()

    index_html = client.get(timeline.get_parent().url).content.decode()
    page_html = client.get(page.url).content.decode()

    assert "Nos sites en France" in index_html
    assert "Éditeur du site." in page_html
    assert h1_count(index_html) == h1_count(page_html) == 1


def test_unknown_page_gets_the_friendly_404(client, home):
    response = client.get("/cette-page-n-existe-pas/")

    assert response.status_code == 404
    assert "Cette page est introuvable" in response.content.decode()


def test_robots_txt_points_to_the_sitemap(client, home):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def theme_stylesheet_url(client):
    html = client.get("/").content.decode()
    return re.search(r'href="(/theme\.css\?v=[0-9a-f]+)"', html).group(1)


def test_theme_stylesheet_carries_the_site_colours(client, home):
    CentenarySettings.objects.filter(site__root_page=home).update(primary_colour="#123456")

    css_url = theme_stylesheet_url(client)
    css = client.get(css_url)

    assert "--colour-primary: #123456;" in css.content.decode()
    assert "immutable" in css["Cache-Control"]


def test_theme_stylesheet_is_kept_a_year_only_under_its_own_version(client, home):
    css_url = theme_stylesheet_url(client)
    CentenarySettings.objects.filter(site__root_page=home).update(primary_colour="#654321")

    stale = client.get(css_url)  # a page cached before the colour changed
    unversioned = client.get("/theme.css")

    assert "--colour-primary: #654321;" in stale.content.decode()
    for response in (stale, unversioned):
        assert "immutable" not in response["Cache-Control"]
        assert "no-cache" in response["Cache-Control"]


def test_pages_without_share_links_or_videos_run_no_script(client, home, story_index):
    story = make_story(story_index, title="Roland-Garros")

    home_html = client.get(home.url).content.decode()
    list_html = client.get(story_index.url).content.decode()
    story_html = client.get(story.url).content.decode()

    assert "<script" not in home_html
    assert "<script" not in list_html
    assert story_html.count("js/share") == 1  # a story has its share bar
    assert "js/video-embed" not in story_html  # but no video
