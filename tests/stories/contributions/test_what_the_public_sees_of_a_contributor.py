"""Once a story is published, the public reads the name the contributor chose and nothing
else of them: never their e-mail address, never more of their name than they allowed, in no
page, list, feed or search result. Their private link opens their follow-up page only."""

from wagtail.models import WorkflowState

import pytest

from stories.models import Contribution
from tests.builders import make_moderator

pytestmark = pytest.mark.django_db

PUBLIC_PLACES = ("/", "/histoires/", "/histoires/flux/", "/sitemap.xml")


def published(post_contribution, django_capture_on_commit_callbacks, moderator, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        post_contribution(**fields)
    contribution = Contribution.objects.get()
    state = WorkflowState.objects.get(object_id=str(contribution.page_id))
    with django_capture_on_commit_callbacks(execute=True):
        state.current_task_state.approve(user=moderator)
    contribution.refresh_from_db()
    assert contribution.page.live
    return contribution


def everything_public(client, contribution):
    pages = [contribution.page.url, *PUBLIC_PLACES]
    search = client.get("/recherche/", {"q": "Corbeil"})
    assert "Mon premier jour" in search.content.decode()  # the story is found
    html = [client.get(url).content.decode() for url in pages]
    assert all("Mon premier jour" in text for text in html[:4])  # page, home, list, feed
    return "\n".join([*html, search.content.decode()])


@pytest.mark.parametrize(
    ("choice", "shown", "hidden"),
    [
        ("full", "Jeanne Martin", None),
        ("initial", "Jeanne M.", "Martin"),
        ("anonymous", "Anonyme", "Jeanne"),
    ],
)
def test_the_public_reads_only_the_name_the_contributor_chose_and_never_the_email(
    client, post_contribution, django_capture_on_commit_callbacks, django_user_model,
    choice, shown, hidden,
):  # fmt: skip
    moderator = make_moderator(django_user_model)
    contribution = published(
        post_contribution, django_capture_on_commit_callbacks, moderator, display_choice=choice
    )

    public = everything_public(client, contribution)

    assert f"Raconté par {shown}" in client.get(contribution.page.url).content.decode()
    assert "jeanne@example.org" not in public
    assert "jeanne@" not in public
    if hidden:
        assert hidden not in public


def test_a_private_link_made_up_or_of_an_erased_contribution_opens_nothing(
    client, post_contribution, contribute_page, django_capture_on_commit_callbacks, mailoutbox
):
    from stories.contributions.outcomes import erase

    with django_capture_on_commit_callbacks(execute=True):
        post_contribution()
    contribution = Contribution.objects.get()
    link = next(word for word in mailoutbox[0].body.split() if "/suivi/" in word)
    path = link.split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    made_up = path.rstrip("/").rsplit("/", 1)[0] + "/" + "A" * 43 + "/"

    assert client.get(made_up).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        erase(contribution)
    assert client.get(path).status_code == 404
