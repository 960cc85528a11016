"""In real Chromium, the site served on a port that is not the default one (the live server's
random port), its address set the way `make demo` sets it (SITE_BASE_URL, then
`manage.py set_site_address`): every absolute link it gives out leads back to it."""

import re
from urllib.parse import parse_qs, urlsplit

from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client

from wagtail.models import Site

import pytest
from PIL import Image

from stories.models import CentenarySettings, ContributionPage
from tests.browser.test_contribution_in_browser import submit_story
from tests.builders import make_image, make_moderator, make_site, make_story, make_story_index

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

URL = re.compile(r"https?://[^\s<>\"']+")


@pytest.fixture
def base(settings, live_server):
    """What `make demo PORT=…` does: export the address, then point the Site at it."""
    assert urlsplit(live_server.url).port not in (80, 8000)
    settings.SITE_BASE_URL = settings.WAGTAILADMIN_BASE_URL = live_server.url
    return live_server.url


@pytest.fixture
def site(settings, tmp_path, base):
    settings.CONTRIBUTION_MIN_SECONDS = 1
    home = make_site(moderation_email="moderation@example.org")
    index = make_story_index(home, show_in_menus=True)
    index.save_revision().publish()
    story = make_story(
        index,
        title="Le Tour de France en direct",
        image=make_image(),
        share_messages=["Un siècle de vélo"],
    )
    form = home.add_child(instance=ContributionPage(title="Contribuer", slug="contribuer"))
    form.save_revision().publish()
    centenary = CentenarySettings.objects.get()
    centenary.contribute_page = form
    centenary.save()
    call_command("set_site_address")  # the same command make demo runs
    photo = tmp_path / "usine.jpg"
    Image.new("RGB", (800, 600), (30, 90, 160)).save(photo, format="JPEG")
    return {"story": story, "index": index, "photo": photo, "form_url": form.url}


@pytest.fixture
def moderator(django_user_model):
    return make_moderator(django_user_model, password="long-mdp-42")


def assert_answers(page, url, base):
    assert url.startswith(base + "/"), url
    response = page.request.get(url)
    assert response.status == 200, url
    assert "/login/" not in response.url, url  # followed as the reader it was sent to


def test_the_site_gives_out_only_its_own_address_and_every_link_answers(
    page,
    base,
    site,
    moderator,
    mailoutbox,
):
    story = site["story"]
    assert Site.objects.get(is_default_site=True).root_url == base
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)

    page.goto(base + story.url)

    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    og_url = page.locator("meta[property='og:url']").get_attribute("content")
    og_image = page.locator("meta[property='og:image']").get_attribute("content")
    assert canonical == og_url == base + story.url
    for url in (canonical, og_image):
        assert_answers(page, url, base)
    page.get_by_role("button", name="Copier le lien").click()
    page.get_by_text("Lien copié").wait_for(state="attached")
    assert page.evaluate("navigator.clipboard.readText()") == base + story.url
    page.locator(".messages > summary").click()  # ready-to-post messages are folded
    page.get_by_role("button", name="Copier le message").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(" " + base + story.url), copied

    share = page.locator(f"a[href='/partage/{story.pk}/linkedin/']").get_attribute("href")
    redirect = page.request.get(base + share, max_redirects=0)
    assert redirect.status == 302
    shared = parse_qs(urlsplit(redirect.headers["location"]).query)["url"][0]
    assert shared == base + story.url
    assert_answers(page, shared, base)

    sitemap = page.request.get(base + "/sitemap.xml").text()
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert base + story.url in locations
    feed = page.request.get(base + site["index"].url + "flux/").text()
    feed_links = re.findall(r"<link>([^<]+)</link>", feed) + re.findall(r'href="([^"]+)"', feed)
    assert base + story.url in feed_links
    robots = page.request.get(base + "/robots.txt").text()
    for url in {*locations, *feed_links, *re.findall(r"Sitemap: (\S+)", robots)}:
        assert_answers(page, url, base)

    submit_story(page, base, site)
    mail_links = {url.rstrip(".,;)") for mail in mailoutbox for url in URL.findall(mail.body)}
    follow = [url for url in mail_links if "/suivi/" in url]
    admin = [url for url in mail_links if "/admin/" in url]
    assert follow and admin, [mail.body for mail in mailoutbox]
    log_in(page, base, moderator)  # the moderators' e-mail leads to the admin
    for url in mail_links:
        assert_answers(page, url, base)


def log_in(page, base, user):
    """The moderator's session in the browser (the login form is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": base}]
    )
