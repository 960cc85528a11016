"""Spam and abuse: honeypot, signed timestamp, replay, double submit, rate limit, CSRF."""

import os
import time

from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

import pytest

from stories.contributions.abuse import SALT, new_form_token
from stories.models import Contribution, StoryPage
from tests.stories.contributions.conftest import form_token, valid_data

pytestmark = pytest.mark.django_db


def assert_nothing_saved():
    assert Contribution.objects.count() == 0
    assert StoryPage.objects.count() == 0


def test_a_filled_honeypot_is_dropped_with_a_neutral_page(client, contribute_page):
    response = client.post(
        contribute_page.url, valid_data(website="http://spam.example"), follow=True
    )

    assert response.status_code == 200
    assert "Merci" in response.content.decode()
    assert_nothing_saved()


def test_a_form_sent_faster_than_a_person_types_is_dropped(client, contribute_page):
    data = valid_data(form_token=form_token(seconds_ago=1))
    response = client.post(contribute_page.url, data, follow=True)

    assert "Merci" in response.content.decode()
    assert_nothing_saved()


def test_a_quick_but_incomplete_send_shows_the_errors_not_a_thank_you(post_contribution):
    response = post_contribution(form_token=form_token(seconds_ago=1), title="")

    assert response.status_code == 400
    assert "Il reste quelque chose à corriger" in response.content.decode()
    assert_nothing_saved()


def signed_elsewhere():
    """A token of the right shape and age, signed with another secret key."""
    payload = {"t": int(time.time()) - 60, "n": "made-up-nonce"}
    return signing.dumps(payload, salt=SALT, key="not-the-sites-secret-key")


@pytest.mark.parametrize(
    "token",
    ["", "forged", new_form_token()[:-3] + "abc", signed_elsewhere()],
    ids=["missing", "garbage", "tampered", "other-key"],
)
def test_a_forged_or_missing_token_is_dropped(client, contribute_page, token):
    response = client.post(contribute_page.url, valid_data(form_token=token))

    # The neutral thank-you page, as for a person: a bot learns nothing, nothing is kept.
    assert response.status_code == 303
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Merci" in thanks.content.decode()
    assert "data-contribution-received" not in thanks.content.decode()  # nothing received
    assert_nothing_saved()


def test_an_expired_token_keeps_nothing_and_shows_the_form_again(post_contribution):
    response = post_contribution(form_token=form_token(seconds_ago=60 * 60 * 24))

    assert response.status_code == 400
    assert "Merci" not in response.content.decode()
    assert_nothing_saved()


def test_a_double_click_or_a_resent_form_makes_one_contribution(client, contribute_page):
    data = valid_data(form_token=form_token(nonce="same-form"))

    first = client.post(contribute_page.url, data, follow=True)
    second = client.post(contribute_page.url, data, follow=True)

    assert Contribution.objects.count() == 1
    reference = Contribution.objects.get().reference
    assert reference in first.content.decode()
    assert reference in second.content.decode()


def test_too_many_stories_from_one_address_are_refused_politely(post_contribution, settings):
    settings.CONTRIBUTION_RATE_LIMIT = 2
    for _ in range(2):
        post_contribution()

    response = post_contribution(title="Une troisième histoire")

    assert response.status_code == 429
    html = response.content.decode()
    assert "Plusieurs histoires sont déjà arrivées avec cette adresse e-mail" in html
    assert "Une troisième histoire" in html
    assert Contribution.objects.count() == 2


def test_colleagues_behind_one_office_address_can_all_take_part(client, contribute_page, settings):
    settings.CONTRIBUTION_RATE_LIMIT = 1
    for number in range(8):
        client.post(
            contribute_page.url,
            valid_data(email=f"collegue{number}@example.org"),
            REMOTE_ADDR="192.0.2.10",
        )

    assert Contribution.objects.count() == 8


def test_one_network_past_its_ceiling_is_told_without_blame(client, contribute_page, settings):
    settings.CONTRIBUTION_NETWORK_LIMIT = 3
    for number in range(3):
        client.post(contribute_page.url, valid_data(email=f"p{number}@example.org"))

    response = client.post(
        contribute_page.url, valid_data(email="p9@example.org", title="Encore une histoire")
    )

    assert response.status_code == 429
    html = response.content.decode()
    assert "Beaucoup d’histoires nous arrivent en ce moment depuis votre réseau" in html
    assert "Encore une histoire" in html
    assert Contribution.objects.count() == 3


def test_the_network_ceiling_is_checked_before_any_file_is_read(client, contribute_page, settings):
    settings.CONTRIBUTION_NETWORK_LIMIT = 0
    fake_video = SimpleUploadedFile("film.mp4", b"not a video at all", content_type="video/mp4")

    response = client.post(contribute_page.url, valid_data(video_file=fake_video))

    assert response.status_code == 429
    assert "film" not in response.content.decode()  # no message about the file: not read
    assert "vidéo" not in "".join(
        str(e) for e in response.context["form"].errors.get("video_file", [])
    )


def test_a_client_cannot_escape_the_ceiling_by_writing_x_forwarded_for(
    client, contribute_page, settings
):
    settings.TRUSTED_PROXY_COUNT = 1  # behind our nginx, which appends the real address
    settings.CONTRIBUTION_NETWORK_LIMIT = 2
    for number in range(4):
        client.post(
            contribute_page.url,
            valid_data(email=f"x{number}@example.org"),
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.9.9.{number}, 203.0.113.77",
        )

    assert Contribution.objects.count() == 2


def test_every_ipv6_address_of_one_64_counts_as_one_network(client, contribute_page, settings):
    settings.CONTRIBUTION_NETWORK_LIMIT = 2
    for number in range(4):
        client.post(
            contribute_page.url,
            valid_data(email=f"v{number}@example.org"),
            REMOTE_ADDR=f"2001:db8:42:1:{number}::1",
        )

    assert Contribution.objects.count() == 2


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs a database that lets threads wait for a lock (PostgreSQL)",
)
def test_counters_are_exact_under_concurrent_requests(db):
    """Threads hitting one counter at once, each on its own connection (committing for
    real, outside the test's transaction; the test removes its rows after). On PostgreSQL
    only (CI runs the suite there too): the in-memory SQLite of the tests shares one cache
    between threads and raises 'table is locked' instead of waiting, unlike the site's
    SQLite file in WAL mode."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    from stories.contributions.rate_limits import counter_key, increment
    from stories.models import RateCount

    key = counter_key("test", f"concurrent-{os.getpid()}")

    def in_thread(work):
        def run(*args):
            try:
                return work(*args)
            finally:
                connection.close()

        return run

    with ThreadPoolExecutor(max_workers=6) as pool:
        seen = list(pool.map(in_thread(lambda _: increment(key)), range(120)))
        pool.submit(in_thread(lambda: RateCount.objects.filter(key=key).delete())).result()

    assert sorted(seen) == list(range(1, 121))  # each increment saw its own count


def test_a_post_without_csrf_token_is_refused(contribute_page):
    strict = Client(enforce_csrf_checks=True)

    response = strict.post(contribute_page.url, valid_data())

    assert response.status_code == 403
    assert_nothing_saved()


def test_the_form_page_carries_a_fresh_token_and_a_hidden_trap(client, contribute_page):
    html = client.get(contribute_page.url).content.decode()

    assert 'name="form_token"' in html
    assert 'name="website"' in html and 'tabindex="-1"' in html
    assert 'name="csrfmiddlewaretoken"' in html
