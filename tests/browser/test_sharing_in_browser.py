"""Share kit in a real browser: one click copies a message with its link, nothing leaves."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.builders import make_share_kit, make_site, make_story, make_story_index

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def kit_and_story():
    home = make_site()
    story = make_story(
        make_story_index(home),
        title="Roland-Garros 1985",
        share_messages=["Trois consultants et un court de tennis"],
    )
    return make_share_kit(home), story


def test_a_reader_copies_a_ready_message_with_the_link_in_one_click(
    browser, live_server, kit_and_story, settings
):
    settings.SITE_BASE_URL = live_server.url  # the address the site is served at
    kit, story = kit_and_story
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    tab = context.new_page()
    hosts = set()
    tab.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))

    tab.goto(live_server.url + kit.url)
    tab.get_by_role("button", name="Copier le message").click()

    copied = tab.evaluate("navigator.clipboard.readText()")
    assert (
        copied == f"Trois consultants et un court de tennis #IBMfr100 {live_server.url}{story.url}"
    )
    expect(tab.get_by_role("status").first).to_have_text("Message copié, avec le lien")
    assert hosts == {urlsplit(live_server.url).netloc}  # no request to any network
    context.close()
