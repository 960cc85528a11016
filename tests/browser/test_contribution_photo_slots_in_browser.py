"""In real Chromium at 390 px: the photo slots of the contribution form and of the
contributor's revision form. One slot shows, "Ajouter une photo" opens the next, each photo
is chosen by touching its large drop zone and shows as a thumbnail, and both photos reach the
contribution saved in the database. Without JavaScript every slot is there and the native
file inputs send the photos just the same."""

import pytest
from PIL import Image

from stories.models import Contribution, ContributionStatus
from tests.browser.test_contribution_form_journeys import fill_text, fill_the_rest, send
from tests.browser.test_contribution_in_browser import moderator, site  # noqa: F401 (fixtures)
from tests.browser.test_contributor_loop import follow_path
from tests.stories.contributions.conftest import valid_data
from tests.stories.contributions.test_conversation import act

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
# Two real photos, told apart by their colour and their shape.
PHOTOS = (
    ("grille.jpg", "JPEG", (900, 600), (190, 40, 30)),
    ("atelier.png", "PNG", (480, 720), (20, 110, 60)),
)
CAPTIONS = ("La grille en 1968", "L’atelier au petit matin")


@pytest.fixture
def photos(tmp_path):
    paths = []
    for name, fmt, size, colour in PHOTOS:
        path = tmp_path / name
        Image.new("RGB", size, colour).save(path, format=fmt)
        paths.append(path)
    return paths


@pytest.fixture
def no_script_page(browser):
    context = browser.new_context(viewport=PHONE, locale="fr-FR", java_script_enabled=False)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def revise_url(client, live_server, site, moderator, django_capture_on_commit_callbacks):  # noqa: F811
    """The revision form of a story sent without photos, after a moderator asked for changes
    (the real form post and the real workflow action, without the browser's time)."""
    client.post(site["form_url"], valid_data())
    contribution = Contribution.objects.get()
    act(
        client,
        moderator,
        contribution,
        "reject",
        "Avez-vous des photos de l’usine ?",
        capture=django_capture_on_commit_callbacks,
    )
    assert contribution.status == ContributionStatus.CHANGES_REQUESTED
    return follow_path(live_server) + "modifier/"


def shown_slots(page):
    return page.locator("[data-photo-slot]:visible")


def choose(page, target, path):
    """Touch ``target`` as a finger does and pick the file in the chooser it opens."""
    with page.expect_file_chooser() as chooser:
        target.click()
    chooser.value.set_files(str(path))


def choose_through_zone(page, slot, path):
    choose(page, slot.locator("[data-photo-drop]"), path)


def thumbnail_colour(slot):
    """The colour at the centre of the thumbnail drawn in the slot."""
    canvas = slot.locator(".photo-drop__preview canvas")
    canvas.wait_for()
    return canvas.evaluate(
        """canvas => Array.from(canvas.getContext("2d")
            .getImageData(canvas.width >> 1, canvas.height >> 1, 1, 1).data.slice(0, 3))"""
    )


def close_to(colour, expected, tolerance=12):
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def add_two_photos_one_slot_at_a_time(page, photos, caption_label):
    assert shown_slots(page).count() == 1
    add = page.get_by_role("button", name="Ajouter une photo")
    assert add.is_visible()
    first = shown_slots(page).nth(0)
    choose_through_zone(page, first, photos[0])
    first.get_by_label(caption_label(1)).fill(CAPTIONS[0])

    add.click()

    assert shown_slots(page).count() == 2
    second = shown_slots(page).nth(1)
    assert second.locator("input[type=file]").evaluate("input => input === document.activeElement")
    choose_through_zone(page, second, photos[1])
    second.get_by_label(caption_label(2)).fill(CAPTIONS[1])
    for slot, (name, _fmt, _size, colour) in zip((first, second), PHOTOS, strict=True):
        assert slot.locator(".photo-drop__name").inner_text() == name
        assert close_to(thumbnail_colour(slot), colour)
    assert shown_slots(page).count() == 2  # nothing opened by itself


def revision_received(page):
    page.get_by_text("Votre histoire modifiée est repartie vers l’équipe").wait_for()
    # The follow page shows the photos: their thumbnails are drawn before the test ends,
    # not while the test database is being emptied.
    page.wait_for_load_state("networkidle")


def assert_both_photos_saved(contribution):
    saved = {image.title: (image.width, image.height) for image in contribution.images.all()}
    sizes = [size for _name, _fmt, size, _colour in PHOTOS]
    assert saved == dict(zip(CAPTIONS, sizes, strict=True))


def test_the_contribution_form_shows_one_slot_and_adds_a_second_with_thumbnails(
    page,
    live_server,
    site,  # noqa: F811
    photos,
):
    page.goto(live_server.url + site["form_url"])
    fill_text(page)
    fill_the_rest(page)

    add_two_photos_one_slot_at_a_time(page, photos, lambda n: f"Légende de la photo {n}")
    page.get_by_label("Les personnes reconnaissables").check()
    page.wait_for_timeout(1200)  # a person takes more than a second
    send(page)

    page.get_by_role("heading", name="Merci !").wait_for()
    assert_both_photos_saved(Contribution.objects.get())


def test_the_revision_form_shows_one_slot_and_adds_a_second_with_thumbnails(
    page, live_server, revise_url, photos
):
    page.goto(revise_url)
    assert shown_slots(page).count() == 1
    assert page.locator("[data-photo-slot]").count() == 5  # room for five: none sent yet

    add_two_photos_one_slot_at_a_time(page, photos, lambda n: f"Légende de la nouvelle photo {n}")
    page.get_by_label("Les personnes reconnaissables sur mes nouvelles photos").check()
    page.get_by_role("button", name="Renvoyer mon histoire à l’équipe").click()

    revision_received(page)
    contribution = Contribution.objects.get()
    assert contribution.status == ContributionStatus.IN_REVIEW
    assert_both_photos_saved(contribution)


def attach_without_script(page, photos, caption_label):
    assert shown_slots(page).count() == 5  # every slot, ready to use
    assert not page.get_by_role("button", name="Ajouter une photo").is_visible()
    for number, path in enumerate(photos, start=1):
        slot = shown_slots(page).nth(number - 1)
        native = slot.locator("input[type=file]")
        choose(page, native, path)
        assert native.evaluate("input => input.files[0].name") == path.name
        # No thumbnail without the script: the input itself, with the name it shows, is seen.
        assert native.evaluate("input => getComputedStyle(input).opacity") == "1"
        slot.get_by_label(caption_label(number)).fill(CAPTIONS[number - 1])


def test_without_javascript_the_contribution_form_sends_photos_from_the_native_inputs(
    no_script_page,
    live_server,
    site,  # noqa: F811
    photos,
):
    page = no_script_page
    page.goto(live_server.url + site["form_url"])
    fill_text(page)
    fill_the_rest(page)

    attach_without_script(page, photos, lambda n: f"Légende de la photo {n}")
    page.get_by_label("Les personnes reconnaissables").check()
    page.wait_for_timeout(1200)
    send(page)

    page.get_by_role("heading", name="Merci !").wait_for()
    assert_both_photos_saved(Contribution.objects.get())


def test_without_javascript_the_revision_form_sends_photos_from_the_native_inputs(
    no_script_page, live_server, revise_url, photos
):
    page = no_script_page
    page.goto(revise_url)

    attach_without_script(page, photos, lambda n: f"Légende de la nouvelle photo {n}")
    page.get_by_label("Les personnes reconnaissables sur mes nouvelles photos").check()
    page.get_by_role("button", name="Renvoyer mon histoire à l’équipe").click()

    revision_received(page)
    assert_both_photos_saved(Contribution.objects.get())
