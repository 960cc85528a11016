"""External videos in a real browser: no request to the host before the reader asks, then
the privacy-enhanced player, reached and started with the keyboard alone."""

from urllib.parse import urlsplit

import pytest

from tests.builders import make_site, make_story, make_story_index

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def story_url():
    body = [
        {
            "type": "video",
            "value": {
                "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                "title": "Roland-Garros raconté",
                "transcript": "",
            },
        }
    ]
    return make_story(make_story_index(make_site()), body=body).url


def test_the_video_host_is_contacted_only_after_the_reader_asks(page, live_server, story_url):
    own_host = urlsplit(live_server.url).netloc
    elsewhere = []
    page.on(
        "request",
        lambda request: (
            elsewhere.append(request.url) if urlsplit(request.url).netloc != own_host else None
        ),
    )
    page.route("https://www.youtube-nocookie.com/**", lambda route: route.fulfill(body="player"))

    page.goto(live_server.url + story_url)
    page.wait_for_load_state("networkidle")
    assert elsewhere == []  # nothing before the click

    placeholder = page.get_by_role("link", name="Lire la vidéo « Roland-Garros raconté »")
    placeholder.focus()
    page.keyboard.press("Enter")

    frame = page.locator("iframe.video-embed__iframe")
    assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/")
    assert frame.get_attribute("title") == "Roland-Garros raconté"
    page.wait_for_load_state("networkidle")
    assert {urlsplit(url).netloc for url in elsewhere} == {"www.youtube-nocookie.com"}
