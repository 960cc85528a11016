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


@pytest.fixture
def testimony_url(tmp_path):
    from django.core.files import File

    from wagtail.models import Collection

    from stories.models import StoryKind, Video
    from tests.stories.video.clips import make_clip
    from tests.stories.video.test_captions import GOOD

    index = make_story_index(make_site())  # also makes the root collection of a flushed database
    clip = make_clip(tmp_path / "clip.mp4", seconds=6)
    video = Video(title="Lucienne raconte", type="video", transcript="J’ai perforé des cartes.")
    video.collection = Collection.get_first_root_node()
    with open(clip, "rb") as handle:
        video.file.save("clip.mp4", File(handle), save=False)
    video.captions.save("clip.vtt", File(__import__("io").BytesIO(GOOD.encode())), save=False)
    video.process_after_save = True
    video.save()  # no transaction around: processed at once by the immediate task backend
    return make_story(index, kind=StoryKind.VIDEO, video=Video.objects.get()).url


def test_a_testimony_plays_with_captions_from_the_keyboard_alone(page, live_server, testimony_url):
    page.goto(live_server.url + testimony_url)
    player = page.locator("video")
    assert player.get_attribute("preload") == "metadata"
    assert player.get_attribute("autoplay") is None

    player.focus()
    page.keyboard.press("Space")
    for _ in range(50):  # wait_for_function would need eval, which the site's CSP forbids
        if page.evaluate("document.querySelector('video').currentTime") > 0.5:
            break
        page.wait_for_timeout(100)

    state = page.evaluate(
        "(() => { const v = document.querySelector('video');"
        " return [v.paused, v.textTracks[0].mode, v.textTracks[0].language]; })()"
    )
    assert state == [False, "showing", "fr"]
    assert page.get_by_role("heading", name="Transcription").is_visible()
