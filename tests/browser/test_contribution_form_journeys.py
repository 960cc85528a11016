"""In real Chromium, the contribution form as people live it: a form kept open for hours
comes back whole instead of thanking for a story that was lost; a closed tab loses nothing
of the text, and the draft goes once the story has arrived; the thank-you page survives a
reload without sending the story twice, with the focus on its heading."""

import pytest

from stories.models import Contribution
from tests.browser.test_contribution_in_browser import site  # noqa: F401 (fixture)
from tests.stories.contributions.test_form_expiry_and_thanks import past_signed_token

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SEVEN_HOURS = 7 * 60 * 60
STORY = (
    "Cette nuit-là, la tempête a coupé le courant de toute la ville.\n\n"
    "Nous avons relancé les machines à la main, une par une, jusqu’au matin."
)
DRAFT_KEY = "centenaire:contribution-draft:/contribuer/"


def story_box(page):
    return page.get_by_role("textbox", name="Votre histoire (obligatoire)", exact=True)


def fill_text(page):
    page.get_by_label("Le titre de votre histoire").fill("La nuit où l’usine a tenu bon")
    story_box(page).fill(STORY)
    page.get_by_label("En quelle année ?").fill("1999")
    page.locator("#id_place").fill("Corbeil-Essonnes")


def fill_the_rest(page):
    page.get_by_label("Votre nom et prénom").fill("Jeanne Martin")
    page.get_by_label("Votre adresse e-mail").fill("jeanne@example.org")
    page.get_by_label("Vos années dans l’entreprise").fill("1968–2004")
    page.get_by_label("Ancien·ne").check()
    page.get_by_label("Mon prénom et l’initiale de mon nom").check()
    page.get_by_label("J’accepte que mon histoire").check()
    page.get_by_label("Je respecte la charte").check()


def send(page):
    page.get_by_role("button", name="Envoyer mon histoire").click()


def draft_on_device(page):
    return page.evaluate(f"() => window.localStorage.getItem({DRAFT_KEY!r})")


def focused(page):
    return page.evaluate(
        "() => document.activeElement.tagName + '.' + document.activeElement.className"
    )


def test_a_form_kept_open_for_hours_comes_back_whole_and_is_kept_when_sent_again(
    page,
    live_server,
    site,  # noqa: F811
):
    page.goto(live_server.url + site["form_url"])
    fill_text(page)
    fill_the_rest(page)
    page.locator("#id_photo_1").set_input_files(str(site["photo"]))
    page.get_by_label("Légende de la photo 1").fill("L’atelier au petit matin")
    page.get_by_label("Les personnes reconnaissables").check()
    page.locator("input[name=form_token]").evaluate(
        "(input, token) => { input.value = token; }", past_signed_token(SEVEN_HOURS)
    )  # the token exactly as a form shown seven hours ago carries it
    send(page)

    page.get_by_role("heading", name="Votre histoire n’est pas encore envoyée").wait_for()
    assert "Le formulaire est resté ouvert longtemps" in page.content()
    assert "inutile de les choisir à nouveau" in page.content()  # the photo stays attached
    assert "Merci" not in page.title()
    assert focused(page).startswith("DIV.error-summary")
    assert Contribution.objects.count() == 0
    assert page.get_by_label("Votre nom et prénom").input_value() == "Jeanne Martin"
    assert page.get_by_label("Votre adresse e-mail").input_value() == "jeanne@example.org"
    assert page.get_by_label("Le titre de votre histoire").input_value().startswith("La nuit")
    assert story_box(page).input_value() == STORY
    assert page.get_by_label("En quelle année ?").input_value() == "1999"
    assert page.locator("#id_place").input_value() == "Corbeil-Essonnes"
    assert page.get_by_label("Vos années dans l’entreprise").input_value() == "1968–2004"
    assert page.get_by_label("Légende de la photo 1").input_value() == "L’atelier au petit matin"
    assert page.get_by_label("Ancien·ne").is_checked()
    assert page.get_by_label("Mon prénom et l’initiale de mon nom").is_checked()
    assert page.get_by_label("J’accepte que mon histoire").is_checked()
    assert page.get_by_label("Les personnes reconnaissables").is_checked()

    page.locator("#id_photo_1").set_input_files(str(site["photo"]))
    send(page)  # at once: the fresh token does not take a person for a bot

    page.get_by_role("heading", name="Merci !").wait_for()
    contribution = Contribution.objects.get()
    assert contribution.reference in page.content()
    assert contribution.images.count() == 1
    assert contribution.page.specific.image_caption == "L’atelier au petit matin"


def test_a_closed_tab_loses_none_of_the_text_and_the_draft_goes_once_sent(
    browser,
    live_server,
    site,  # noqa: F811
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    try:
        first = context.new_page()
        first.goto(live_server.url + site["form_url"])
        assert first.get_by_text("gardés en brouillon sur cet appareil").is_visible()
        fill_text(first)
        first.get_by_label("Votre adresse e-mail").fill("jeanne@example.org")
        first.close(run_before_unload=True)  # the tab is closed, as a battery dies

        again = context.new_page()
        again.goto(live_server.url + site["form_url"])
        again.get_by_text("Nous avons retrouvé le brouillon").wait_for()
        assert story_box(again).input_value() == STORY
        assert again.get_by_label("Le titre de votre histoire").input_value().startswith("La nuit")
        assert again.get_by_label("En quelle année ?").input_value() == "1999"
        assert again.locator("#id_place").input_value() == "Corbeil-Essonnes"
        assert again.get_by_label("Votre adresse e-mail").input_value() == ""
        assert "jeanne@example.org" not in draft_on_device(again)  # shared computers

        fill_the_rest(again)
        again.wait_for_timeout(1200)  # a person takes more than a second
        send(again)
        again.get_by_role("heading", name="Merci !").wait_for()
        assert Contribution.objects.get().page.title == "La nuit où l’usine a tenu bon"
        assert draft_on_device(again) is None

        fresh = context.new_page()
        fresh.goto(live_server.url + site["form_url"])
        assert story_box(fresh).input_value() == ""
    finally:
        context.close()


def test_the_draft_can_be_cleared_from_a_shared_computer(page, live_server, site):  # noqa: F811
    page.goto(live_server.url + site["form_url"])
    fill_text(page)
    page.wait_for_function(f"() => window.localStorage.getItem({DRAFT_KEY!r}) !== null")

    page.get_by_role("button", name="Effacer le brouillon").click()

    page.get_by_text("Le brouillon est effacé de cet appareil").wait_for()
    assert draft_on_device(page) is None
    story_box(page).type(" Encore une phrase.")
    page.wait_for_timeout(600)
    assert draft_on_device(page) is None  # nothing is kept again until the page is left
    page.reload()
    assert story_box(page).input_value() == ""


def test_the_thank_you_page_survives_a_reload_without_sending_twice(
    page,
    live_server,
    site,  # noqa: F811
):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server.url + site["form_url"])
    fill_text(page)
    fill_the_rest(page)
    page.wait_for_timeout(1200)
    send(page)
    page.get_by_role("heading", name="Merci !").wait_for()

    assert "/contribuer/merci/?recu=" in page.url
    assert page.title().startswith("Merci, votre histoire est bien arrivée")
    page.wait_for_function("() => document.activeElement.tagName === 'H1'")
    reference = Contribution.objects.get().reference

    reloaded = page.reload()

    assert reloaded.request.method == "GET" and reloaded.status == 200
    assert dialogs == []
    assert reference in page.content()
    assert Contribution.objects.count() == 1
    page.wait_for_function("() => document.activeElement.tagName === 'H1'")
