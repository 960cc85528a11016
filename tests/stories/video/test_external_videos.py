"""Videos hosted elsewhere: parsed without asking the provider, loaded only on a click."""

import pytest

from stories.video.external import parse_video_url
from tests.builders import make_story

YOUTUBE = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0"


@pytest.mark.parametrize(
    ("url", "provider", "video_id"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/watch?feature=share&v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://m.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "vimeo", "76979871"),
        ("https://player.vimeo.com/video/76979871", "vimeo", "76979871"),
        ("https://www.dailymotion.com/video/x7tgad0_un-titre", "dailymotion", "x7tgad0"),
        ("https://dai.ly/x7tgad0", "dailymotion", "x7tgad0"),
    ],
)
def test_links_of_the_three_hosts_are_read_into_provider_and_id(url, provider, video_id):
    video = parse_video_url(url)

    assert (video.provider, video.video_id) == (provider, video_id)


@pytest.mark.parametrize(
    "url",
    [
        "http://www.youtube.com/watch?v=dQw4w9WgXcQ",  # not https
        "https://www.youtube.com.evil.org/watch?v=dQw4w9WgXcQ",
        "https://user@www.youtube.com/watch?v=dQw4w9WgXcQ",
        'https://www.youtube.com/watch?v=dQw4"><script>',
        "https://vimeo.com/channels/staffpicks",
        "https://www.dailymotion.com/playlist/x6hynp",
        "javascript:alert(1)",
        "",
    ],
)
def test_anything_else_is_not_a_video(url):
    assert parse_video_url(url) is None


@pytest.fixture
def story_with_youtube(story_index):
    body = [
        {
            "type": "video",
            "value": {
                "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                "title": "Ce que le centenaire veut dire pour moi",
                "transcript": "Je suis entrée en 1978.",
            },
        }
    ]
    return make_story(story_index, body=body)


@pytest.mark.django_db
def test_the_page_shows_a_placeholder_and_no_player(client, story_with_youtube):
    html = client.get(story_with_youtube.url).content.decode()

    assert "<iframe" not in html
    assert f'data-video-embed="{YOUTUBE.replace("&", "&amp;")}"' in html
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in html  # works without JS
    assert "Je suis entrée en 1978." in html


@pytest.mark.django_db
def test_the_content_security_policy_allows_exactly_the_three_players(client, story_with_youtube):
    policy = client.get(story_with_youtube.url)["Content-Security-Policy"]

    frames = next(part for part in policy.split(";") if part.strip().startswith("frame-src"))
    assert frames.split()[1:] == [
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
        "https://www.dailymotion.com",
    ]


def test_an_editor_cannot_save_a_link_that_is_not_a_video():
    from django.core.exceptions import ValidationError

    from stories.blocks import VideoLinkBlock

    with pytest.raises(ValidationError):
        VideoLinkBlock().clean({"url": "https://example.org/film", "title": "Film"})


@pytest.mark.django_db
def test_the_click_to_load_script_comes_only_with_a_video(client, story_index, story_with_youtube):
    plain = make_story(story_index, title="Sans vidéo", slug="sans-video")

    with_video = client.get(story_with_youtube.url).content.decode()
    without = client.get(plain.url).content.decode()

    assert with_video.count("js/video-embed") == 1
    assert "js/video-embed" not in without
