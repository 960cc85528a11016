"""Spam and abuse: honeypot, signed timestamp, replay, double submit, rate limit, CSRF."""

from django.core.cache import cache
from django.test import Client

import pytest

from stories.contributions.abuse import new_form_token
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


@pytest.mark.parametrize("token", ["", "forged", new_form_token()[:-3] + "abc"])
def test_a_forged_or_missing_token_is_dropped(post_contribution, token):
    post_contribution(form_token=token)

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


def test_too_many_submissions_from_one_client_are_refused_politely(post_contribution, settings):
    settings.CONTRIBUTION_RATE_LIMIT = 2
    cache.clear()
    for _ in range(2):
        post_contribution()

    response = post_contribution(title="Une troisième histoire")

    assert response.status_code == 429
    html = response.content.decode()
    assert "réessayer dans une heure" in html
    assert "Une troisième histoire" in html
    assert Contribution.objects.count() == 2


def test_the_rate_limit_counts_each_client_separately(client, contribute_page, settings):
    settings.CONTRIBUTION_RATE_LIMIT = 1
    cache.clear()
    client.post(contribute_page.url, valid_data(), REMOTE_ADDR="10.0.0.1")

    client.post(contribute_page.url, valid_data(), REMOTE_ADDR="10.0.0.2")

    assert Contribution.objects.count() == 2


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
