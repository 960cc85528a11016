"""Each request is answered by the Wagtail Site Wagtail matches to its host; the match is
remembered per host and cache generation (stories/site_lookup.py), so a change to the sites
shows at once."""

from wagtail.models import Page, Site

import pytest

from stories.models import HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_site(home, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "archives.example", "autre.example"]
    root = Page.get_first_root_node()
    archives = root.add_child(instance=HomePage(title="Les archives", slug="archives"))
    return Site.objects.create(hostname="archives.example", port=80, root_page=archives)


def title_of(client, host):
    html = client.get("/", HTTP_HOST=host).content.decode()
    return html.split("<title>")[1].split("</title>")[0]


def test_each_host_is_answered_by_its_own_site(client, home, second_site):
    for _ in range(2):  # the second time, from what was remembered for each host
        assert title_of(client, "archives.example").startswith("Les archives")
        assert title_of(client, "localhost").startswith(home.title)


def test_an_unknown_host_gets_the_default_site(client, home, second_site):
    assert title_of(client, "autre.example").startswith(home.title)


def test_a_site_given_a_new_host_answers_it_at_once(client, home, second_site):
    assert title_of(client, "autre.example").startswith(home.title)  # remembered: default

    second_site.hostname = "autre.example"
    second_site.save()

    assert title_of(client, "autre.example").startswith("Les archives")
    assert title_of(client, "archives.example").startswith(home.title)


def test_a_deleted_site_no_longer_answers_its_host(client, home, second_site):
    assert title_of(client, "archives.example").startswith("Les archives")

    second_site.delete()

    assert title_of(client, "archives.example").startswith(home.title)
