"""A story written slowly is never lost, and a thank-you only ever follows a story kept:
an expired form comes back whole with a fresh token; a kept story redirects to its own
thank-you page, which a reload cannot send again."""

import time

from django.core import signing

import pytest

from stories.contributions import abuse, receipt
from stories.models import Contribution, StoryPage
from tests.stories.contributions.conftest import form_token, photo_upload, valid_data

pytestmark = pytest.mark.django_db

SEVEN_HOURS = 7 * 60 * 60
EXPIRED_MESSAGE = "Le formulaire est resté ouvert longtemps"


def past_signed_token(seconds_ago):
    """A token exactly as the form carried it ``seconds_ago``: its signature's own
    timestamp is old too, so signing reports it expired (not merely its content)."""

    class SignerInThePast(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - seconds_ago)

    shown = {"t": int(time.time()) - seconds_ago, "n": "slow-writer"}
    return SignerInThePast(salt=abuse.SALT).sign_object(shown)


def post(client, page, **overrides):
    return client.post(page.url, valid_data(**overrides))


# The token ---------------------------------------------------------------------------------


def test_a_token_older_than_its_lifetime_is_expired_not_forged():
    check = abuse.check_form_token(past_signed_token(SEVEN_HOURS))

    assert check.expired and not check.forged
    assert not check.genuine


def test_a_token_whose_shown_time_is_too_old_is_expired_not_forged():
    check = abuse.check_form_token(form_token(seconds_ago=SEVEN_HOURS))

    assert check.expired and not check.forged


@pytest.mark.parametrize("token", ["", "forged", abuse.new_form_token()[:-3] + "abc"])
def test_a_token_not_signed_by_us_is_forged_not_expired(token):
    check = abuse.check_form_token(token)

    assert check.forged and not check.expired


def test_the_token_after_an_expired_one_is_fresh_and_ready_to_send_at_once(settings):
    expired = abuse.check_form_token(past_signed_token(SEVEN_HOURS))

    again = abuse.check_form_token(abuse.next_token(expired))

    assert again.genuine  # neither expired nor "too fast" when sent straight back
    assert again.nonce != "slow-writer"


def test_the_token_after_an_error_keeps_the_time_the_form_was_first_shown():
    first = abuse.check_form_token(form_token(seconds_ago=1))

    again = abuse.check_form_token(abuse.next_token(first))

    assert again.too_fast  # a bot's quick invalid send earns no head start
    assert again.nonce != first.nonce


# An expired form --------------------------------------------------------------------------


def test_an_expired_form_comes_back_with_everything_typed_and_a_clear_message(
    client, contribute_page, mailoutbox
):
    response = post(
        client,
        contribute_page,
        form_token=past_signed_token(SEVEN_HOURS),
        caption_1="L’atelier au petit matin",
        themes=None,
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert EXPIRED_MESSAGE in html
    assert "Votre histoire n’est pas encore envoyée" in html
    assert "Merci" not in html
    for typed in (
        "Jeanne Martin",
        "jeanne@example.org",
        "Mon premier jour à Corbeil",
        "quarante ans de métier",
        "Corbeil-Essonnes",
        "1968–2004",
        "L’atelier au petit matin",
    ):
        assert typed in html, typed
    form = response.context["form"]
    assert form.data["relation"] == "alumnus" and form.data["consent_publication"] == "on"
    assert abuse.check_form_token(form.data["form_token"]).genuine
    assert Contribution.objects.count() == 0 and StoryPage.objects.count() == 0
    assert mailoutbox == []


def test_an_expired_form_keeps_its_photos_attached(client, contribute_page):
    response = post(
        client,
        contribute_page,
        form_token=past_signed_token(SEVEN_HOURS),
        photo_1=photo_upload(),
        consent_people="on",
    )

    html = response.content.decode()
    assert EXPIRED_MESSAGE in html
    assert "inutile de les choisir à nouveau" in html
    assert response.context["form"].data["staged_photo_1"]


def test_an_expired_form_also_lists_what_else_needs_fixing(client, contribute_page):
    response = post(client, contribute_page, form_token=past_signed_token(SEVEN_HOURS), title="")

    html = response.content.decode()
    assert EXPIRED_MESSAGE in html
    assert "Donnez un titre à votre histoire." in html


def test_an_expired_form_sent_again_at_once_is_kept(
    client, contribute_page, django_capture_on_commit_callbacks, mailoutbox
):
    expired = post(client, contribute_page, form_token=past_signed_token(SEVEN_HOURS))
    data = dict(expired.context["form"].data.items())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contribute_page.url, data, follow=True)

    assert Contribution.objects.count() == 1
    assert Contribution.objects.get().reference in response.content.decode()
    assert mailoutbox[0].to == ["jeanne@example.org"]


def test_a_bot_still_gets_the_neutral_page_whatever_its_token(client, contribute_page):
    response = post(client, contribute_page, form_token=past_signed_token(SEVEN_HOURS), website="x")

    assert response.status_code == 303
    assert response["Location"] == receipt.receipt_url(None, contribute_page)
    assert Contribution.objects.count() == 0


# After sending ----------------------------------------------------------------------------


def test_a_kept_story_redirects_to_its_thank_you_page(client, contribute_page):
    response = post(client, contribute_page)

    assert response.status_code == 303
    location = response["Location"]
    assert location.startswith(f"{contribute_page.url}merci/?recu=")
    contribution = Contribution.objects.get()
    thanks = client.get(location)
    assert thanks.status_code == 200
    assert contribution.reference in thanks.content.decode()


def test_the_thank_you_address_never_carries_the_private_token(
    client, contribute_page, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, contribute_page)

    private_link = next(line for line in mailoutbox[0].body.split() if "/suivi/" in line)
    token = private_link.rstrip("/").rsplit("/", 1)[-1]
    assert token not in response["Location"]
    assert token not in client.get(response["Location"]).content.decode()


def test_reloading_the_thank_you_page_sends_nothing_again(client, contribute_page):
    location = post(client, contribute_page)["Location"]

    for _ in range(3):
        assert client.get(location).status_code == 200

    assert Contribution.objects.count() == 1


def test_the_thank_you_page_has_its_own_title_and_a_heading_to_focus(client, contribute_page):
    html = client.get(post(client, contribute_page)["Location"]).content.decode()

    assert "<title>Merci, votre histoire est bien arrivée –" in html
    assert '<h1 tabindex="-1" data-focus-on-load>Merci\u202f!</h1>' in html
    assert f'data-contribution-received="{contribute_page.url}"' in html
    assert "js/contribution-form" in html


@pytest.mark.parametrize("value", ["", "C-ABCDEFGH", "bidon:signature"])
def test_a_thank_you_address_not_signed_by_us_names_no_story(client, contribute_page, value):
    html = client.get(f"{contribute_page.url}merci/", {"recu": value}).content.decode()

    assert "Merci" in html
    assert "La référence de votre histoire" not in html
    assert "data-contribution-received" not in html  # a draft is only cleared for a kept story


def test_an_old_thank_you_address_names_no_story(client, contribute_page, monkeypatch):
    location = post(client, contribute_page)["Location"]
    reference = Contribution.objects.get().reference

    monkeypatch.setattr(receipt, "MAX_AGE", -1)  # as if the address were hours old
    html = client.get(location).content.decode()

    assert reference not in html


def test_the_thank_you_page_cannot_be_posted_to(client, contribute_page):
    assert client.post(f"{contribute_page.url}merci/", valid_data()).status_code == 405
    assert Contribution.objects.count() == 0


def test_the_form_and_the_thank_you_page_stay_within_the_query_budget(
    client, contribute_page, django_assert_max_num_queries
):
    location = post(client, contribute_page)["Location"]

    with django_assert_max_num_queries(12):
        assert client.get(contribute_page.url).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(location).status_code == 200
