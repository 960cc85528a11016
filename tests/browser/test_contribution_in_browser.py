"""In real Chromium: a visitor sends a story with a photo on a phone-sized screen, a
moderator approves it in the Wagtail admin, and the story appears in the list."""

import pytest
from PIL import Image

from stories.models import Contribution, ContributionPage
from tests.builders import make_moderator, make_site, make_story_index

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def site(settings, tmp_path):
    settings.CONTRIBUTION_MIN_SECONDS = 1
    home = make_site()
    make_story_index(home, show_in_menus=True).save_revision().publish()
    page = home.add_child(instance=ContributionPage(title="Contribuer", slug="contribuer"))
    page.save_revision().publish()
    photo = tmp_path / "usine.jpg"
    Image.new("RGB", (800, 600), (30, 90, 160)).save(photo, format="JPEG")
    return {"photo": photo, "form_url": page.url}


@pytest.fixture
def moderator(django_user_model):
    return make_moderator(django_user_model)


def submit_story(page, base, site):
    page.goto(base + site["form_url"])
    page.get_by_label("Votre nom et prénom").fill("Jeanne Martin")
    page.get_by_label("Votre adresse e-mail").fill("jeanne@example.org")
    page.get_by_label("Ancien·ne").check()
    page.get_by_label("Mon prénom et l’initiale de mon nom").check()
    page.get_by_label("Le titre de votre histoire").fill("La nuit où l’usine a tenu bon")
    page.get_by_role("textbox", name="Votre histoire (obligatoire)", exact=True).fill(
        "Cette nuit-là, la tempête a coupé le courant de toute la ville.\n\n"
        "Nous avons relancé les machines à la main, une par une, jusqu’au matin."
    )
    page.get_by_label("En quelle année ?").fill("1999")
    page.locator("#id_photo_1").set_input_files(str(site["photo"]))
    page.get_by_label("Légende de la photo 1").fill("L’atelier au petit matin")
    page.get_by_label("Les personnes reconnaissables").check()
    page.get_by_label("J’accepte que mon histoire").check()
    page.get_by_label("Je respecte la charte").check()
    page.wait_for_timeout(1200)  # a person takes more than a second to fill a form
    page.get_by_role("button", name="Envoyer mon histoire").click()
    page.get_by_role("heading", name="Merci !").wait_for()


def approve_in_admin(page, base, story_id):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + "/admin/login/")
    page.fill("#id_username", "moderatrice")
    page.fill("#id_password", "motdepasse-long-42")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")  # logged in: going on sooner would abort the login
    page.goto(f"{base}/admin/pages/{story_id}/edit/")
    page.get_by_text("jeanne@example.org").wait_for()  # the contribution panel
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.get_by_role("button", name="Approuver et Publier", exact=True).click()
    page.wait_for_load_state("networkidle")


def test_a_story_sent_from_a_phone_is_approved_and_published(page, live_server, site, moderator):
    submit_story(page, live_server.url, site)
    contribution = Contribution.objects.get()
    assert not contribution.page.live
    page.goto(live_server.url + "/histoires/")
    assert "La nuit où l’usine a tenu bon" not in page.content()

    approve_in_admin(page, live_server.url, contribution.page_id)

    contribution.refresh_from_db()
    assert contribution.status == "published"
    page.goto(live_server.url + "/histoires/")
    page.get_by_role("link", name="La nuit où l’usine a tenu bon").click()
    assert page.get_by_role("heading", level=1).inner_text() == "La nuit où l’usine a tenu bon"
    assert "Jeanne M." in page.content()
    assert "jeanne@example.org" not in page.content()
