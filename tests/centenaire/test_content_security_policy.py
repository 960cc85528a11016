"""The public site runs under the strict policy; the admin, which needs inline code, under
its own looser one, and only there."""

import re

import pytest

from stories.models import ContributionPage
from tests.builders import (
    make_image,
    make_share_kit,
    make_standard_page,
    make_story,
    make_story_index,
    make_timeline,
)

pytestmark = pytest.mark.django_db


# An inline script would run only under 'unsafe-inline'; JSON-LD is data, not run.
INLINE_SCRIPT = re.compile(
    r'<script(?![^>]*\b(?:src=|type="application/ld\+json"))[^>]*>', re.IGNORECASE
)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle=", re.IGNORECASE)
HANDLER_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+=", re.IGNORECASE)


@pytest.fixture
def public_pages(home):
    index = make_story_index(home)
    story = make_story(index, title="Vélo", image=make_image(), pull_quote="Une citation.")
    timeline = make_timeline(
        home, title="Cent ans de sport", events=[{"year": 1985, "title": "Un été", "story": story}]
    )
    standard = make_standard_page(home, title="Mentions légales")
    standard.save_revision().publish()
    kit = make_share_kit(home)
    kit.save_revision().publish()
    contribute = home.add_child(instance=ContributionPage(title="Contribuer", slug="contribuer"))
    contribute.save_revision().publish()
    pages = [home, index, story, timeline, timeline.get_parent(), standard, kit, contribute]
    return [page.url for page in pages] + [
        f"{index.url}?theme=sport",
        "/recherche/?q=v%C3%A9lo",
        "/page-qui-n-existe-pas/",  # the 404 page
    ]


def test_public_pages_allow_no_inline_script_or_style(client, public_pages):
    for url in public_pages:
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        html = response.content.decode()

        assert response.status_code in (200, 404), url
        assert "'unsafe-inline'" not in policy, url
        assert "default-src 'self'" in policy, url
        assert not INLINE_SCRIPT.search(html), (url, INLINE_SCRIPT.search(html))
        assert not STYLE_ATTRIBUTE.search(html), (url, STYLE_ATTRIBUTE.search(html))
        assert not HANDLER_ATTRIBUTE.search(html), (url, HANDLER_ATTRIBUTE.search(html))


def test_the_admin_gets_its_own_policy(client, home, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "x"))

    policy = client.get("/admin/")["Content-Security-Policy"]

    assert "script-src 'self' 'unsafe-inline'" in policy


def test_the_admin_login_page_too(client, home):
    assert "'unsafe-inline'" in client.get("/admin/login/")["Content-Security-Policy"]
