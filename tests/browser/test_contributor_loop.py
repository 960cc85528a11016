"""In real Chromium, the contributor's loop as people live it: withdraw from the private
link (the browser sends its own Origin and Referer: a policy of ``no-referrer`` made it send
``Origin: null`` and Django refused the POST), and a moderator's request for changes answered
by a revision, then approved."""

import re

from django.core import mail

import pytest

from stories.models import Contribution, ContributionStatus
from tests.browser.test_contribution_in_browser import (  # noqa: F401 (fixtures)
    moderator,
    site,
    submit_story,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def private_link(address="jeanne@example.org"):
    latest = [m for m in mail.outbox if m.to == [address] and "suivi" in m.body][-1]
    return re.search(r"https?://\S+/suivi/[A-Za-z0-9_-]+/", latest.body).group(0)


def follow_path(live_server):
    return re.sub(r"^https?://[^/]+", live_server.url, private_link())


def log_in(page, base, username="moderatrice", password="motdepasse-long-42"):  # noqa: S107
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))


def workflow_action(page, base, story_id, label):
    page.goto(f"{base}/admin/pages/{story_id}/edit/")
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.get_by_role("button", name=label, exact=True).click()


@pytest.fixture
def responses(page):
    """Every response the browser got, to prove no request was refused on the way."""
    seen = []
    page.on("response", lambda response: seen.append((response.status, response.url)))
    return seen


def test_a_contributor_withdraws_their_story_from_the_private_link(
    page,
    live_server,
    site,  # noqa: F811 (the fixture imported above)
    responses,
):
    mail.outbox.clear()
    submit_story(page, live_server.url, site)
    page.goto(follow_path(live_server))
    assert page.get_by_text("Reçue").first.is_visible()

    page.get_by_role("link", name="Retirer mon histoire…").click()
    page.get_by_role("heading", name="Retirer mon histoire").wait_for()
    assert Contribution.objects.get().status == ContributionStatus.RECEIVED  # asks first
    page.get_by_role("button", name="Oui, retirer définitivement mon histoire").click()

    page.get_by_text("C’est fait : votre histoire est retirée du site").wait_for()
    assert not [status for status, _url in responses if status >= 400]
    contribution = Contribution.objects.get()
    assert contribution.status == ContributionStatus.WITHDRAWN
    assert not contribution.images.exists()


def test_changes_requested_then_revised_then_approved(
    page,
    browser,
    live_server,
    site,  # noqa: F811 (the fixture imported above)
    moderator,  # noqa: F811
    responses,
):
    mail.outbox.clear()
    submit_story(page, live_server.url, site)
    contribution = Contribution.objects.get()

    moderation = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    admin = moderation.new_page()
    log_in(admin, live_server.url)
    workflow_action(
        admin, live_server.url, contribution.page_id, "Demander des précisions au contributeur"
    )
    admin.get_by_text("Il le reçoit par e-mail et le lit sur sa page de suivi").wait_for()
    admin.get_by_label("Message au contributeur").fill(
        "Merci ! Pouvez-vous nous dire dans quelle ville se trouvait l’usine ?"
    )
    admin.locator(".modal").get_by_role("button", name=re.compile("précisions", re.I)).click()
    admin.wait_for_load_state("networkidle")
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.CHANGES_REQUESTED

    page.goto(follow_path(live_server))
    page.get_by_text("En attente de vos précisions").first.wait_for()
    assert page.get_by_text("dans quelle ville se trouvait l’usine").is_visible()
    page.get_by_role("link", name="Modifier mon histoire").click()
    story = page.get_by_role("textbox", name="Votre histoire :", exact=True)
    story.fill(story.input_value() + "\n\nC’était l’usine de Corbeil-Essonnes, en bord de Seine.")
    page.get_by_role("button", name="Renvoyer mon histoire à l’équipe").click()
    page.get_by_text("Votre histoire modifiée est repartie vers l’équipe").wait_for()
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.IN_REVIEW

    workflow_action(admin, live_server.url, contribution.page_id, "Approuver et Publier")
    admin.wait_for_load_state("networkidle")
    moderation.close()

    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.PUBLISHED
    page.goto(live_server.url + contribution.page.url)
    assert "Corbeil-Essonnes, en bord de Seine" in page.content()
    assert not [status for status, _url in responses if status >= 400]
