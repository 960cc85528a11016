"""One public address (SITE_BASE_URL) for every absolute link, whatever Host a request used."""

import re
from urllib.parse import parse_qs, urlsplit

from django.core.management import CommandError, call_command

from wagtail.models import Site

import pytest

from stories import public_url
from stories.contributions.tasks import absolute_url as mail_absolute_url
from tests.builders import make_story

PUBLIC = "https://centenaire.example.org"


@pytest.fixture
def public_address(settings):
    settings.SITE_BASE_URL = PUBLIC + "/"
    return PUBLIC


@pytest.fixture
def story(story_index):
    return make_story(story_index, title="Le Tour de France en direct", share_messages=["Vélo !"])


def test_absolute_urls_join_the_public_address_and_a_path(public_address):
    assert public_url.public_base_url() == PUBLIC
    assert public_url.absolute_url("/histoires/") == f"{PUBLIC}/histoires/"
    assert mail_absolute_url("/contribuer/") == f"{PUBLIC}/contribuer/"  # e-mails too


@pytest.mark.parametrize("path", ["histoires/", "//evil.example/", "https://evil.example/"])
def test_absolute_url_takes_only_a_path_of_this_site(public_address, path):
    with pytest.raises(ValueError):
        public_url.absolute_url(path)


def test_rebase_moves_a_full_url_onto_the_public_address(public_address):
    assert (
        public_url.rebase("http://localhost/histoires/x/?a=1#b") == f"{PUBLIC}/histoires/x/?a=1#b"
    )


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("http://127.0.0.1:8123", ("127.0.0.1", 8123)),
        ("http://localhost/", ("localhost", 80)),
        ("https://centenaire.example.org", ("centenaire.example.org", 443)),
    ],
)
def test_site_address_reads_host_and_port(url, address):
    assert public_url.site_address(url) == address


@pytest.mark.parametrize(
    "url",
    [
        "https://centenaire.example.org:8443",  # a Wagtail Site writes http:// on that port
        "http://centenaire.example.org:443",
        "ftp://centenaire.example.org",
        "http://centenaire.example.org/centenaire",
        "http://:8000",
        "http://localhost:port",
    ],
)
def test_site_address_refuses_what_a_wagtail_site_cannot_hold(url):
    with pytest.raises(public_url.AddressError):
        public_url.site_address(url)


def test_every_absolute_link_of_a_page_uses_the_public_address(client, public_address, story):
    """A request through another host name still gets the configured address everywhere."""
    html = client.get(story.url, HTTP_HOST="127.0.0.1").content.decode()

    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html)[1]
    og_url = re.search(r'<meta property="og:url" content="([^"]+)"', html)[1]
    og_image = re.search(r'<meta property="og:image" content="([^"]+)"', html)[1]
    assert canonical == og_url == f"{PUBLIC}{story.url}"
    assert og_image.startswith(f"{PUBLIC}/partage/carte/{story.pk}/")
    assert f'data-share-copy="{PUBLIC}{story.url}"' in html
    assert f'data-share-copy="Vélo ! #IBMfr100 {PUBLIC}{story.url}"' in html
    assert "127.0.0.1" not in html


def test_the_share_redirect_sends_the_public_address(client, public_address, story):
    response = client.get(f"/partage/{story.pk}/linkedin/", HTTP_HOST="127.0.0.1")

    assert parse_qs(urlsplit(response["Location"]).query)["url"] == [f"{PUBLIC}{story.url}"]


def test_sitemap_feed_and_robots_use_the_public_address(client, public_address, story):
    sitemap = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1").content.decode()
    feed = client.get(story.get_parent().url + "flux/", HTTP_HOST="127.0.0.1").content.decode()
    robots = client.get("/robots.txt", HTTP_HOST="127.0.0.1").content.decode()

    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert f"{PUBLIC}{story.url}" in locations
    assert all(location.startswith(f"{PUBLIC}/") for location in locations)
    links = re.findall(r"<link>([^<]+)</link>", feed) + re.findall(r'href="([^"]+)"', feed)
    assert f"{PUBLIC}{story.url}" in links
    assert all(link.startswith(f"{PUBLIC}/") for link in links)
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in robots
    assert "127.0.0.1" not in sitemap + feed + robots


def test_set_site_address_points_the_wagtail_site_at_the_public_address(
    public_address, story, capsys
):
    call_command("set_site_address")

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("centenaire.example.org", 443)
    assert story.full_url == public_url.page_url(story) == f"{PUBLIC}{story.url}"
    assert f"{PUBLIC}/" in capsys.readouterr().out


def test_set_site_address_takes_an_explicit_address(home):
    call_command("set_site_address", "--url", "http://127.0.0.1:8123/")

    assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:8123"


def test_set_site_address_explains_an_address_it_cannot_hold(home):
    with pytest.raises(CommandError, match="443"):
        call_command("set_site_address", "--url", "https://centenaire.example.org:8443")

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)  # unchanged
