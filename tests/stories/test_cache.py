import re

import pytest

from tests.builders import make_standard_page

pytestmark = pytest.mark.django_db


def menu_titles(client):
    html = client.get("/").content.decode()
    nav = html.split('class="site-nav__list"')[1].split("</ul>")[0]
    return re.findall(r">([^<>]+)</a>", nav)


def footer_html(client):
    return client.get("/").content.decode().split('class="site-footer"')[1]


def test_menu_shows_a_newly_published_section_at_once(client, home, story_index):
    story_index.show_in_menus = True
    story_index.save_revision().publish()
    assert menu_titles(client) == ["Histoires"]

    about = make_standard_page(home, title="À propos", show_in_menus=True)
    about.save_revision().publish()

    assert menu_titles(client) == ["Histoires", "À propos"]


def test_unpublished_page_leaves_the_footer_at_once(client, home):
    legal = make_standard_page(home, title="Mentions légales")
    legal.save_revision().publish()
    assert "Mentions légales" in footer_html(client)

    legal.unpublish()

    assert "Mentions légales" not in footer_html(client)


def test_page_under_a_view_restriction_is_not_listed(client, home):
    from wagtail.models import PageViewRestriction

    private = make_standard_page(home, title="Espace privé")
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")

    assert "Espace privé" not in footer_html(client)
