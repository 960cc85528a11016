"""The admin report of share clicks per page and network over the last 30 days."""

import csv
import io
from datetime import timedelta

from django.utils import timezone

import pytest

from stories.models import ShareCount
from tests.builders import make_admin_user, make_editor, make_moderator, make_story

pytestmark = pytest.mark.django_db

REPORT = "/admin/partages/"


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editrice", "e@example.org", "x"))
    return client


def shared(page, network, count, days_ago=0):
    day = timezone.localdate() - timedelta(days=days_ago)
    ShareCount.objects.create(page=page, network=network, day=day, count=count)


def export_rows(client):
    response = client.get(REPORT, {"export": "csv"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(content)))


def test_the_report_lists_pages_by_shares_over_the_last_30_days(editor, story_index):
    tennis = make_story(story_index, title="Roland-Garros")
    cycling = make_story(story_index, title="Tour de France")
    shared(tennis, "x", 3)
    shared(tennis, "linkedin", 2, days_ago=29)
    shared(cycling, "email", 1)
    shared(cycling, "x", 50, days_ago=30)  # older than the period: not counted

    html = editor.get(REPORT).content.decode()

    assert html.index("Roland-Garros") < html.index("Tour de France")
    rows = {row["Page"]: row for row in export_rows(editor)}
    assert rows["Roland-Garros"]["X"] == "3"
    assert rows["Roland-Garros"]["LinkedIn"] == "2"
    assert rows["Roland-Garros"]["Total"] == "5"
    assert rows["Tour de France"]["X"] == "0"
    assert rows["Tour de France"]["Total"] == "1"


def test_pages_not_shared_in_the_period_are_left_out(editor, story_index):
    shared(make_story(story_index, title="Oubliée"), "x", 4, days_ago=45)

    assert "Oubliée" not in editor.get(REPORT).content.decode()


@pytest.mark.parametrize(
    "make_user", [make_editor, make_moderator], ids=["Éditeurs", "Modérateurs"]
)
def test_editors_and_moderators_read_the_report(client, story_index, django_user_model, make_user):
    shared(make_story(story_index, title="Roland-Garros"), "x", 3)
    client.force_login(make_user(django_user_model))

    response = client.get(REPORT)

    assert response.status_code == 200
    assert "Roland-Garros" in response.content.decode()
    assert REPORT in client.get("/admin/").content.decode()  # in the reports menu
    assert [row["Total"] for row in export_rows(client)] == ["3"]


def test_the_report_is_for_editors_only(client, story_index, django_user_model):
    """Not for visitors, not for users without admin access, not for a bare admin user who may
    edit no page: the report names the pages and their numbers."""
    shared(make_story(story_index, title="Roland-Garros"), "x", 3)
    assert client.get(REPORT).status_code == 302  # to the login page
    client.force_login(django_user_model.objects.create_user("lecteur", "l@example.org", "x"))
    assert client.get(REPORT).status_code in (302, 403)

    client.force_login(make_admin_user(django_user_model))
    for response in (client.get(REPORT), client.get(REPORT, {"export": "csv"})):
        assert response.status_code in (302, 403)
        body = b"".join(response) if response.streaming else response.content
        assert b"Roland-Garros" not in body
    assert REPORT not in client.get("/admin/").content.decode()


def test_the_reports_menu_offers_it(editor):
    assert REPORT in editor.get("/admin/").content.decode()
