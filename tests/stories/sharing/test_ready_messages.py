"""Ready-to-post messages: X's length rules checked at save, one-click share, the share kit."""

from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.urls import reverse

from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from stories.models import ShareCount, ShareMessage, StoryPage
from stories.sharing.messages import check_message, posted_length, weighted_length
from tests.builders import make_share_kit, make_story, make_timeline

pytestmark = pytest.mark.django_db

SPORT = "Roland-Garros en direct, les chiffres du court central en temps réel. #IBMfr100"


# Length rules ---------------------------------------------------------------------------------


def test_any_link_counts_as_23_whatever_its_length():
    short, long = "Lire https://ibm.fr", "Lire https://www.ibm.com/fr-fr/" + "x" * 200

    assert weighted_length(short) == weighted_length(long) == len("Lire ") + 23


def test_accents_count_one_and_emoji_or_ideograms_count_two():
    assert weighted_length("été à Évry") == 10
    assert weighted_length("🎾") == 2
    assert weighted_length("百年") == 4


def test_an_emoji_drawn_from_several_code_points_counts_two_like_any_emoji():
    family, flag, keycap, waving = "👨‍👩‍👧‍👦", "🇫🇷", "1️⃣", "👋🏽"

    assert [weighted_length(emoji) for emoji in (family, flag, keycap, waving)] == [2, 2, 2, 2]
    assert weighted_length(f"Cent ans {family}") == len("Cent ans ") + 2


def test_a_decomposed_accent_counts_once_as_x_normalises_the_text():
    assert weighted_length("E\u0301vry") == weighted_length("Évry") == 4


def test_a_bare_domain_counts_as_a_link_when_its_ending_is_a_known_domain():
    for bare in ("ibm.fr", "ibm.com", "www.ibm.fr/centenaire", "centenaire.ibm.fr"):
        assert weighted_length(f"Voir {bare} !") == len("Voir  !") + 23, bare


def test_words_joined_by_a_dot_are_not_links_unless_the_ending_is_a_domain():
    assert weighted_length("Fin.Début") == len("Fin.Début")
    assert weighted_length("fichier.docx") == len("fichier.docx")
    assert weighted_length("ecrire@ibm.fr") == len("ecrire@ibm.fr")


def test_the_page_link_and_a_missing_hashtag_are_counted():
    assert posted_length("Bonjour #IBMfr100", "IBMfr100") == len("Bonjour #IBMfr100") + 1 + 23
    assert posted_length("Bonjour", "IBMfr100") == len("Bonjour #IBMfr100") + 1 + 23


def test_a_message_filling_exactly_280_once_posted_is_accepted():
    text = "a" * (280 - 24 - len(" #IBMfr100")) + " #IBMfr100"

    check_message(text, "IBMfr100")


def test_a_message_one_over_is_refused_with_what_to_remove():
    text = "a" * (280 - 24 - len(" #IBMfr100"))  # the hashtag will be added: one too many

    with pytest.raises(ValidationError) as refused:
        check_message(text + "b", "IBMfr100")

    assert "compte 281 caractères" in refused.value.messages[0]
    assert "Retirez-en 1." in refused.value.messages[0]


def test_the_refusal_says_how_much_to_remove():
    text = "a" * 300

    with pytest.raises(ValidationError) as refused:
        check_message(text, "IBMfr100")

    expected = 300 + len(" #IBMfr100") + 24
    assert f"compte {expected} caractères" in refused.value.messages[0]
    assert f"Retirez-en {expected - 280}" in refused.value.messages[0]


# Editors ------------------------------------------------------------------------------------


@pytest.fixture
def editor_client(client, django_user_model, home):
    client.force_login(django_user_model.objects.create_superuser("editrice", "e@example.org", "x"))
    return client


def story_form(story, messages):
    return nested_form_data(
        {
            "title": story.title,
            "slug": story.slug,
            "standfirst": story.standfirst,
            "kind": story.kind,
            "year_start": story.year_start,
            "themes": "",
            "body": streamfield([("paragraph", rich_text("<p>Un récit.</p>"))]),
            "share_messages": inline_formset([{"text": text} for text in messages]),
            "action-publish": "publish",
        }
    )


def test_an_editor_saving_a_message_too_long_for_x_is_told_and_nothing_is_saved(
    editor_client, story_index
):
    story = make_story(story_index)
    revisions = story.revisions.count()

    response = editor_client.post(
        reverse("wagtailadmin_pages:edit", args=(story.pk,)), story_form(story, ["a" * 270])
    )

    assert response.status_code == 200
    assert "Retirez-en" in response.content.decode()
    assert story.revisions.count() == revisions
    assert not ShareMessage.objects.exists()


def test_an_editor_publishes_messages_that_fit(editor_client, story_index):
    story = make_story(story_index)

    response = editor_client.post(
        reverse("wagtailadmin_pages:edit", args=(story.pk,)), story_form(story, [SPORT, "Court"])
    )

    assert response.status_code == 302
    texts = list(StoryPage.objects.get(pk=story.pk).share_messages.values_list("text", flat=True))
    assert texts == [SPORT, "Court"]


# Readers --------------------------------------------------------------------------------------


def test_a_story_shows_its_messages_with_one_click_links_and_the_text_to_copy(client, story_index):
    story = make_story(story_index, share_messages=["Un siècle de tennis"])
    message = story.share_messages.get()

    html = client.get(story.url).content.decode()

    assert "Un siècle de tennis #IBMfr100" in html
    assert f'href="/partage/{story.pk}/x/?message={message.pk}"' in html
    assert f'data-share-copy="Un siècle de tennis #IBMfr100 http://testserver{story.url}"' in html


def test_posting_a_message_to_x_sends_its_text_and_link_and_counts_it(client, story_index):
    story = make_story(story_index, share_messages=[SPORT])
    message = story.share_messages.get()

    response = client.get(f"/partage/{story.pk}/x/", {"message": message.pk})

    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["text"] == [SPORT]
    assert query["url"] == [f"http://testserver{story.url}"]
    assert "hashtags" not in query  # already in the text: not twice
    assert ShareCount.objects.get(page=story, network="x").count == 1


def test_a_message_of_another_page_is_not_borrowed(client, story_index):
    story = make_story(story_index, title="Le Tour")
    other = make_story(story_index, share_messages=["Texte d’une autre page"])

    response = client.get(f"/partage/{story.pk}/x/", {"message": other.share_messages.get().pk})

    assert parse_qs(urlsplit(response["Location"]).query)["text"] == ["Le Tour"]


def test_a_timeline_shows_its_messages(client, home):
    timeline = make_timeline(home, share_messages=["Cent ans de sport en une frise"])

    assert "Cent ans de sport en une frise #IBMfr100" in client.get(timeline.url).content.decode()


# The share kit --------------------------------------------------------------------------------


def test_the_share_kit_lists_messages_of_live_pages_newest_first(client, home, story_index):
    kit = make_share_kit(home)
    make_story(story_index, share_messages=["Le plus ancien"])
    make_story(story_index, share_messages=["Brouillon caché"], live=False)
    make_timeline(home, share_messages=["Le plus récent"])

    html = client.get(kit.url).content.decode()

    assert html.index("Le plus récent") < html.index("Le plus ancien")
    assert "Brouillon caché" not in html
    assert "data-share-copy=" in html


def test_the_share_kit_leaves_out_private_pages(client, home, story_index):
    kit = make_share_kit(home)
    story = make_story(story_index, share_messages=["Réservé aux salariés"])
    PageViewRestriction.objects.create(page=story, restriction_type="password", password="x")

    assert "Réservé aux salariés" not in client.get(kit.url).content.decode()


def test_the_share_kit_filters_by_theme(client, home, story_index):
    kit = make_share_kit(home)
    make_story(story_index, themes=["Sport"], share_messages=["Message sportif"])
    make_story(story_index, themes=["Usines"], share_messages=["Message industriel"])

    html = client.get(kit.url, {"theme": "sport"}).content.decode()

    assert "Message sportif" in html
    assert "Message industriel" not in html
    assert "1 message prêt à publier" in html


def test_an_unknown_theme_lists_everything_rather_than_fail(client, home, story_index):
    kit = make_share_kit(home)
    make_story(story_index, themes=["Sport"], share_messages=["Message sportif"])

    response = client.get(kit.url, {"theme": "<script>"})

    assert response.status_code == 200
    assert "Message sportif" in response.content.decode()
