"""Layouts that were visibly broken, measured in Chromium at 390 px and 1280 px (issue 13).

Set LAYOUT_SHOTS=/some/dir to keep a screenshot of each page looked at."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from stories.models import ContributionPage
from tests.builders import (
    make_share_kit,
    make_site,
    make_story,
    make_story_index,
    make_timeline,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
BOTH = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])


@pytest.fixture
def site():
    home = make_site()
    index = make_story_index(home, show_in_menus=True)
    index.save_revision().publish()
    video_story = make_story(
        index,
        title="Roland-Garros raconté en images",
        body=[
            {
                "type": "video",
                "value": {
                    "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                    "title": "Roland-Garros raconté par celles et ceux qui y étaient",
                    "transcript": "",
                },
            }
        ],
    )
    # Entered out of order: 1998 was added last, after 2005.
    timeline = make_timeline(
        home,
        title="Cent ans de sport",
        events=[
            {"year": 1924, "title": "Les Jeux de Paris"},
            {"year": 1985, "title": "Roland-Garros informatisé"},
            {"year": 2005, "title": "Le marathon en direct"},
            {"year": 1998, "title": "La Coupe du monde en France"},
        ],
        share_messages=["Cent ans de sport racontés par celles et ceux qui les ont vécus"],
    )
    timeline.get_parent().specific.show_in_menus = True
    timeline.get_parent().save_revision().publish()
    kit = make_share_kit(home, show_in_menus=True)
    kit.save_revision().publish()
    form = home.add_child(
        instance=ContributionPage(
            title="Contribuer",
            slug="contribuer",
            show_in_menus=True,
            guidelines_summary="<p>Racontez ce que vous avez vécu, sans nuire à personne.</p>",
        )
    )
    form.save_revision().publish()
    return {
        "home": home.url,
        "story": video_story.url,
        "timeline": timeline.url,
        "form": form.url,
    }


def open_page(browser, live_server, path, viewport, *, clipboard=False, name=None):
    context = browser.new_context(viewport=viewport, locale="fr-FR")
    if clipboard:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    tab = context.new_page()
    tab.goto(live_server.url + path)
    return tab


def shoot(tab, name, viewport, *, full_page=True):
    folder = os.environ.get("LAYOUT_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=f"{folder}/{name}-{viewport['width']}.png", full_page=full_page)


def box(locator):
    return locator.bounding_box()


def content_left(tab):
    """Where the page's text column starts: the left edge of the page head's content box."""
    return tab.evaluate(
        """() => {
            const head = document.querySelector('.page-head');
            const style = getComputedStyle(head);
            return head.getBoundingClientRect().left + parseFloat(style.paddingLeft);
        }"""
    )


def no_sideways_scroll(tab):
    return tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@BOTH
@pytest.mark.parametrize(
    "years", [("1800", "1700"), ("1990", "1700")], ids=["both-wrong", "end-wrong"]
)
def test_each_year_field_keeps_its_label_input_and_error_in_one_column(
    browser, live_server, site, viewport, years
):
    tab = open_page(browser, live_server, site["form"], viewport)
    tab.get_by_label("En quelle année ?").fill(years[0])
    tab.get_by_label("Jusqu’en").fill(years[1])
    tab.wait_for_timeout(1100)
    tab.get_by_role("button", name="Envoyer mon histoire").click()
    tab.locator(".error-summary").wait_for()
    tab.locator(".field-row").scroll_into_view_if_needed()
    shoot(tab, f"form-errors-{years[0]}", viewport, full_page=False)

    for name in ("year_start", "year_end"):
        field = tab.locator(f".field:has(#id_{name})")
        label, control = box(field.locator("label")), box(tab.locator(f"#id_{name}"))
        assert abs(label["x"] - control["x"]) < 2, name
        assert label["y"] < control["y"], name
        if field.locator(".errorlist").count():
            error = box(field.locator(".errorlist"))
            assert abs(error["x"] - control["x"]) < 2, name
            assert label["y"] < error["y"] < control["y"], name
    start, end = box(tab.locator("#id_year_start")), box(tab.locator("#id_year_end"))
    if viewport is DESKTOP:  # side by side, both inputs on one line
        assert end["x"] > start["x"] + start["width"]
        assert abs(start["y"] - end["y"]) < 2
    else:  # stacked
        assert end["y"] > start["y"] + start["height"]
    assert no_sideways_scroll(tab)
    tab.context.close()


@BOTH
def test_ready_messages_on_a_timeline_start_where_the_page_content_starts(
    browser, live_server, site, viewport
):
    tab = open_page(browser, live_server, site["timeline"], viewport)
    messages = tab.locator(".messages")
    messages.scroll_into_view_if_needed()
    shoot(tab, "timeline-messages", viewport, full_page=False)

    left = content_left(tab)
    assert abs(box(messages.locator(".messages__title"))["x"] - left) < 2
    assert abs(box(tab.locator(".era__head").first)["x"] - left) < 2
    assert no_sideways_scroll(tab)
    tab.context.close()


@BOTH
def test_the_video_play_button_is_round_and_clear_of_the_title(
    browser, live_server, site, viewport
):
    tab = open_page(browser, live_server, site["story"], viewport)
    figure = tab.locator(".video-embed")
    figure.scroll_into_view_if_needed()
    shoot(tab, "video", viewport, full_page=False)

    play = box(tab.locator(".video-embed__play"))
    label = box(tab.locator(".video-embed__label"))
    frame = box(tab.locator(".video-embed__frame"))
    assert abs(play["width"] - play["height"]) < 1
    assert play["y"] + play["height"] <= label["y"]  # above the title, not on it
    assert play["y"] >= frame["y"]  # inside the frame, not cut off
    assert label["y"] + label["height"] <= frame["y"] + frame["height"]
    tab.context.close()


@BOTH
def test_a_copy_button_shows_a_visible_copie_after_the_click(browser, live_server, site, viewport):
    tab = open_page(browser, live_server, site["timeline"], viewport, clipboard=True)
    share = tab.locator(".page-head .share")
    status = share.get_by_role("status")
    assert box(status)["width"] <= 1  # visually hidden: only for screen readers
    button = share.get_by_role("button", name="Copier le lien")
    button.click()

    expect(status).to_have_text("Lien copié")  # still read out by screen readers
    assert box(status)["width"] > 50  # and now seen by everyone
    expect(button).to_have_class("share__link share__copy share__copy--done")
    assert box(status)["y"] >= box(button)["y"] + box(button)["height"]  # under the buttons
    shoot(tab, "copied", viewport, full_page=False)

    tab.locator(".messages > summary").click()  # ready-to-post messages are folded
    message = tab.locator(".messages .message")
    message.get_by_role("button", name="Copier le message").click()
    expect(message.get_by_role("status")).to_have_text("Message copié, avec le lien")
    assert box(message.get_by_role("status"))["width"] > 50
    expect(status).to_have_class("share__status visually-hidden", timeout=6000)  # after a while
    tab.context.close()


@BOTH
def test_timeline_events_follow_the_years_whatever_the_order_they_were_entered(
    browser, live_server, site, viewport
):
    tab = open_page(browser, live_server, site["timeline"], viewport)
    shoot(tab, "timeline", viewport)

    years = [int(y) for y in tab.locator(".event__year time").all_inner_texts()]
    assert years == [1924, 1985, 1998, 2005]
    decades = tab.locator(".decade-index a")
    expect(decades).to_have_text(["Années 1920", "Années 1980", "Années 1990", "Années 2000"])
    assert decades.nth(2).get_attribute("href") == "#1998-la-coupe-du-monde-en-france"
    tab.context.close()


def test_the_editor_finds_the_events_in_date_order_after_saving(site):
    from stories.models import TimelinePage

    timeline = TimelinePage.objects.get(title="Cent ans de sport")
    draft = timeline.get_latest_revision_as_object()
    assert [event.year for event in draft.events.all()] == [1924, 1985, 1998, 2005]
    assert [event.year for event in timeline.events.all()] == [1924, 1985, 1998, 2005]


def test_the_phone_header_is_one_compact_line_with_the_menu_behind_a_button(
    browser, live_server, site
):
    tab = open_page(browser, live_server, site["home"], PHONE)
    shoot(tab, "header", PHONE, full_page=False)

    header = box(tab.locator(".site-header"))
    assert header["height"] < 140
    assert no_sideways_scroll(tab)
    expect(tab.get_by_role("searchbox")).to_be_visible()
    menu_link = tab.locator(".site-nav").get_by_role("link", name="Contribuer")
    expect(menu_link).to_be_hidden()
    tab.locator(".site-menu > summary").click()
    expect(menu_link).to_be_visible()
    shoot(tab, "header-open", PHONE, full_page=False)
    menu_link.click()
    tab.wait_for_url("**/contribuer/")
    tab.context.close()


def test_the_phone_menu_opens_without_javascript(browser, live_server, site):
    context = browser.new_context(viewport=PHONE, locale="fr-FR", java_script_enabled=False)
    tab = context.new_page()
    tab.goto(live_server.url + site["home"])
    menu_link = tab.locator(".site-nav").get_by_role("link", name="Frises")
    expect(menu_link).to_be_hidden()
    tab.get_by_text("Menu", exact=True).click()
    expect(menu_link).to_be_visible()
    context.close()


def test_the_desktop_header_shows_the_menu_and_search_in_one_row(browser, live_server, site):
    tab = open_page(browser, live_server, site["home"], DESKTOP)
    shoot(tab, "header", DESKTOP, full_page=False)

    expect(tab.locator(".site-nav").get_by_role("link", name="Contribuer")).to_be_visible()
    expect(tab.locator(".site-menu > summary")).to_be_hidden()
    assert box(tab.locator(".site-header"))["height"] < 100
    tab.context.close()
