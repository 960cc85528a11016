import pytest

from tests.builders import make_story

pytestmark = pytest.mark.django_db


def titles(response):
    return sorted(story.title for story in response.context["listing"].page.object_list)


@pytest.fixture
def century(story_index):
    make_story(
        story_index,
        title="Roland-Garros 1985",
        year_start=1985,
        themes=["Sport"],
        kind="anecdote",
        contributor_relation="alumnus",
    )
    make_story(
        story_index,
        title="Tour de France 1990",
        year_start=1990,
        themes=["Sport"],
        kind="photo",
        contributor_relation="employee",
    )
    make_story(
        story_index, title="Les valeurs 2003", year_start=2003, themes=["Valeurs"], kind="editorial"
    )
    make_story(
        story_index,
        title="Corbeil 1968-1982",
        year_start=1968,
        year_end=1982,
        themes=["Usines et sites"],
        kind="anecdote",
        contributor_relation="alumnus",
    )
    make_story(
        story_index, title="Brouillon sportif", year_start=1985, themes=["Sport"], live=False
    )
    return story_index


def test_theme_filter_keeps_only_live_stories_of_that_theme(client, century):
    response = client.get(century.url, {"theme": "sport"})

    assert titles(response) == ["Roland-Garros 1985", "Tour de France 1990"]


def test_decade_filter_includes_periods_that_overlap_the_decade(client, century):
    response = client.get(century.url, {"decade": "1980"})

    assert titles(response) == ["Corbeil 1968-1982", "Roland-Garros 1985"]


def test_filters_combine(client, century):
    response = client.get(century.url, {"theme": "sport", "decade": "1980", "relation": "alumnus"})

    assert titles(response) == ["Roland-Garros 1985"]
    assert response.context["listing"].count == 1


def test_kind_filter(client, century):
    response = client.get(century.url, {"kind": "editorial"})

    assert titles(response) == ["Les valeurs 2003"]


def test_invalid_filter_values_are_ignored_not_errors(client, century):
    response = client.get(century.url, {"decade": "abc", "kind": "<script>", "theme": "nope"})

    assert response.status_code == 200
    assert response.context["listing"].count == 4


def test_result_count_and_active_filters_are_shown(client, century):
    html = client.get(century.url, {"theme": "sport"}).content.decode()

    assert "2 histoires" in html
    assert "Thème\u202f: Sport" in html


def test_pagination_keeps_the_filters_in_the_links(client, story_index, settings):
    settings.STORIES_PER_PAGE = 2
    for year in (1981, 1982, 1983):
        make_story(story_index, year_start=year, themes=["Sport"])

    html = client.get(story_index.url, {"theme": "sport"}).content.decode()

    assert "?theme=sport&amp;page=2" in html


def test_theme_choices_only_list_themes_of_live_stories(client, century):
    form = client.get(century.url).context["filter_form"]

    slugs = [value for value, _label in form.fields["theme"].choices if value]
    assert slugs == ["sport", "usines-et-sites", "valeurs"]


def test_chronological_order_follows_the_century(client, century):
    response = client.get(century.url, {"sort": "chronologique"})

    years = [story.year_start for story in response.context["listing"].page.object_list]
    assert years == sorted(years)
