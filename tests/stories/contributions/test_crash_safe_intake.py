"""Crash safety of the intake and its e-mails (in process; tests/crash kills real workers).

With the database queue of production, the acknowledgement and the start of the review are
recorded in the intake's own transaction: a process killed right after the commit (its
after-commit hooks never run, nor the review's start that follows) still leaves them queued,
and the review, once started, queues the moderators' notice. Each task is safe to run twice.
A busy database is tried again before the contributor is answered.
"""

import logging
import runpy
import threading
import time

from django.contrib.auth.models import Group
from django.db import connection, connections

from wagtail.models import TaskState

import pytest
from django_tasks_db.models import DBTaskResult

from stories import busy
from stories.contributions import intake, moderation, tasks
from stories.contributions.moderation import begin_review
from stories.contributions.outcomes import mark_changes_requested, mark_published
from stories.models import Contribution, ContributionStatus, MailStatus
from tests.stories.contributions.conftest import photo_upload

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("moderatrice", "mod@example.org", "x")
    user.groups.add(Group.objects.get(name="Modérateurs"))
    return user


def queued(task_name):
    return [
        row.args_kwargs
        for row in DBTaskResult.objects.all()
        if row.task_path.endswith(f".{task_name}")
    ]


def reviews_of(contribution):
    return TaskState.objects.filter(workflow_state__object_id=str(contribution.page_id))


@pytest.mark.django_db
def test_a_crash_right_after_the_commit_leaves_the_acknowledgement_and_the_review_queued(
    settings, post_contribution, moderator, django_capture_on_commit_callbacks, monkeypatch
):
    settings.TASKS = DATABASE_QUEUE
    # Killed right after the commit: the after-commit hooks never run, nor does the start of
    # the review that follows the commit.
    monkeypatch.setattr(intake, "review_now", lambda contribution: None)
    with django_capture_on_commit_callbacks(execute=False):
        response = post_contribution(photo_1=photo_upload(), consent_people="on")

    assert response.status_code == 303
    contribution = Contribution.objects.get()
    assert contribution.page.live is False
    assert queued("send_acknowledgement") == [{"args": [contribution.pk], "kwargs": {}}]
    assert queued("begin_review") == [{"args": [contribution.pk], "kwargs": {}}]

    begin_review.call(contribution.pk)  # what the worker does with it

    assert reviews_of(contribution).get().status == TaskState.STATUS_IN_PROGRESS
    (notice,) = queued("notify_moderators")
    assert notice["args"] == [contribution.pk]
    assert notice["kwargs"]["resubmitted"] is False


@pytest.mark.django_db
def test_the_review_starts_with_the_intake_and_tells_the_moderators_once(
    settings, post_contribution, moderator
):
    settings.TASKS = DATABASE_QUEUE
    post_contribution()
    contribution = Contribution.objects.get()
    assert reviews_of(contribution).get().status == TaskState.STATUS_IN_PROGRESS

    begin_review.call(contribution.pk)  # the queued copy, run later by the worker

    assert reviews_of(contribution).count() == 1
    assert len(queued("notify_moderators")) == 1
    assert contribution.page.specific.revisions.count() == 1


@pytest.mark.django_db
def test_a_review_that_cannot_start_with_the_intake_is_left_to_the_queue(
    settings, post_contribution, moderator, monkeypatch, caplog
):
    settings.TASKS = DATABASE_QUEUE

    def unavailable(page):
        raise RuntimeError("workflow unavailable")

    monkeypatch.setattr(moderation, "start_moderation", unavailable)
    response = post_contribution(photo_1=photo_upload(), consent_people="on")

    assert response.status_code == 303  # the story is saved: the contributor is thanked
    contribution = Contribution.objects.get()
    assert not reviews_of(contribution).exists()
    assert "left to the task queue" in caplog.text

    monkeypatch.undo()
    begin_review.call(contribution.pk)

    assert reviews_of(contribution).get().status == TaskState.STATUS_IN_PROGRESS
    assert len(queued("notify_moderators")) == 1


@pytest.mark.django_db
def test_a_contribution_withdrawn_before_its_review_starts_never_reaches_the_moderators(
    settings, post_contribution, moderator, monkeypatch
):
    settings.TASKS = DATABASE_QUEUE
    monkeypatch.setattr(intake, "review_now", lambda contribution: None)
    post_contribution()
    contribution = Contribution.objects.get()
    Contribution.objects.filter(pk=contribution.pk).update(status=ContributionStatus.WITHDRAWN)

    begin_review.call(contribution.pk)

    assert not reviews_of(contribution).exists()
    assert queued("notify_moderators") == []


def hold_the_story_list(page_id, ready, release):
    """A long batch, or an editor adding a page, holding the story list's row."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute("SELECT id FROM wagtailcore_page WHERE id = %s FOR UPDATE", [page_id])
            ready.set()
            release.wait(20)
            cursor.execute("COMMIT")
    finally:
        other.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_review_starts_while_the_story_list_is_locked(settings, client, monkeypatch):
    """The story's revision and the workflow are written outside the story list's lock, which
    every new story takes: only the few rows that need it wait (PostgreSQL locks rows; SQLite
    the whole database, where there is nothing to show)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite locks the whole database, not the story list's row")
    from stories.models import ContributionPage
    from tests.builders import make_site, make_story_index
    from tests.stories.contributions.conftest import valid_data

    settings.TASKS = DATABASE_QUEUE
    home = make_site()
    index = make_story_index(home)
    page = home.add_child(instance=ContributionPage(title="Contribuer", slug="contribuer"))
    page.save_revision().publish()
    monkeypatch.setattr(intake, "review_now", lambda contribution: None)
    assert client.post(page.url, valid_data()).status_code == 303
    contribution = Contribution.objects.get()
    ready, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=hold_the_story_list, args=(index.pk, ready, release))
    holder.start()
    ready.wait(5)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '1s'")  # waiting for the list would fail
        begin_review.call(contribution.pk)
    finally:
        release.set()
        holder.join()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")

    assert reviews_of(contribution).get().status == TaskState.STATUS_IN_PROGRESS


@pytest.mark.django_db
def test_the_private_link_is_never_in_a_queued_task(settings, post_contribution, moderator):
    settings.TASKS = DATABASE_QUEUE
    post_contribution()

    token = Contribution.objects.get().private_token()
    assert DBTaskResult.objects.count() >= 2
    assert all(token not in str(row.args_kwargs) for row in DBTaskResult.objects.all())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_intake_leaves_no_queued_email(settings, client, monkeypatch):
    from stories.models import ContributionPage
    from tests.builders import make_site, make_story_index
    from tests.stories.contributions.conftest import valid_data

    settings.TASKS = DATABASE_QUEUE
    home = make_site()
    make_story_index(home)
    page = home.add_child(instance=ContributionPage(title="Contribuer", slug="contribuer"))
    page.save_revision().publish()
    DBTaskResult.objects.all().delete()  # the page's own (search index, share card)

    def broken_at_the_last_step(story, contribution):
        raise RuntimeError("story list unavailable")

    monkeypatch.setattr(intake, "add_to_story_list", broken_at_the_last_step)
    response = client.post(page.url, valid_data(photo_1=photo_upload(), consent_people="on"))

    assert response.status_code == 503
    assert Contribution.objects.count() == 0
    assert queued("send_acknowledgement") == []
    assert queued("begin_review") == []


@pytest.fixture
def received(post_contribution, django_capture_on_commit_callbacks, mailoutbox, moderator):
    with django_capture_on_commit_callbacks(execute=True):
        post_contribution()
    mailoutbox.clear()
    return Contribution.objects.get()


@pytest.mark.django_db
def test_an_acknowledgement_run_twice_is_sent_once(received, mailoutbox):
    assert tasks.send_acknowledgement.call(received.pk) == MailStatus.SENT

    assert mailoutbox == []


@pytest.mark.django_db
def test_an_acknowledgement_that_failed_is_sent_again(received, mailoutbox):
    Contribution.objects.filter(pk=received.pk).update(acknowledgement_status=MailStatus.FAILED)

    tasks.send_acknowledgement.call(received.pk)

    assert [mail.to for mail in mailoutbox] == [["jeanne@example.org"]]


@pytest.mark.django_db
def test_an_outcome_run_twice_is_sent_once(
    received, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mark_changes_requested(received.page, message="Une date ?")
    assert len(mailoutbox) == 1

    tasks.send_outcome.call(received.pk, ContributionStatus.CHANGES_REQUESTED)

    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_an_outcome_overtaken_by_another_is_not_sent(
    received, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        mark_changes_requested(received.page, message="Une date ?")
    Contribution.objects.filter(pk=received.pk).update(status=ContributionStatus.IN_REVIEW)

    tasks.send_outcome.call(received.pk, ContributionStatus.CHANGES_REQUESTED)

    assert mailoutbox == []


@pytest.mark.django_db
def test_each_outcome_announces_the_status_it_was_queued_for(
    settings, received, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    received.page.specific.save_revision().publish()
    mark_published(received.page)

    (outcome,) = queued("send_outcome")
    assert outcome["args"] == [received.pk, ContributionStatus.PUBLISHED]


@pytest.mark.django_db
def test_a_moderator_notice_is_not_sent_once_the_review_step_is_over(received, mailoutbox):
    state = TaskState.objects.get(workflow_state__object_id=str(received.page_id))
    TaskState.objects.filter(pk=state.pk).update(status=TaskState.STATUS_APPROVED)

    tasks.notify_moderators.call(received.pk, task_state_id=state.pk)

    assert mailoutbox == []


@pytest.mark.django_db
def test_a_moderator_notice_is_sent_while_the_review_step_waits(received, mailoutbox):
    state = TaskState.objects.get(workflow_state__object_id=str(received.page_id))

    tasks.notify_moderators.call(received.pk, task_state_id=state.pk)

    assert [mail.to for mail in mailoutbox] == [["mod@example.org"]]


def hold_the_write_lock(seconds, ready):
    """Another writer, like a long batch command, holding the database for a while."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            if other.vendor == "sqlite":
                cursor.execute("BEGIN IMMEDIATE")
                cursor.execute("UPDATE stories_contribution SET name = name")
            else:
                cursor.execute("BEGIN")
                cursor.execute("LOCK TABLE stories_contribution IN ACCESS EXCLUSIVE MODE")
            ready.set()
            time.sleep(seconds)
            cursor.execute("COMMIT")
    finally:
        other.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_busy_database_is_tried_again_before_the_contributor_is_answered(client, caplog):
    from stories.models import ContributionPage
    from tests.builders import make_site, make_story_index
    from tests.stories.contributions.conftest import valid_data

    home = make_site()
    make_story_index(home)
    page = home.add_child(instance=ContributionPage(title="Contribuer", slug="contribuer"))
    page.save_revision().publish()
    if connection.vendor == "postgresql":
        # Waiting for a lock fails after 300 ms here, as a serialization failure would. (The
        # test's SQLite is shared-cache in memory, where a lock fails at once.)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '300ms'")
    ready = threading.Event()
    writer = threading.Thread(target=hold_the_write_lock, args=(1.2, ready))
    writer.start()
    ready.wait(5)
    try:
        started = time.monotonic()
        response = client.post(page.url, valid_data(photo_1=photo_upload(), consent_people="on"))
        elapsed = time.monotonic() - started
    finally:
        writer.join()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")

    assert response.status_code == 303
    assert Contribution.objects.count() == 1
    assert "Database busy in" in caplog.text  # the rate limit's count, or the intake
    assert 1.0 < elapsed < busy.BUDGET_SECONDS


class Seen(logging.Handler):
    """Sets ``event`` when a record containing ``text`` is logged."""

    def __init__(self, text):
        super().__init__()
        self.text, self.event = text, threading.Event()

    def emit(self, record):
        if self.text in record.getMessage():
            self.event.set()


def hold_the_counters_until(released, ready):
    """A long batch holding the rate counters (SQLite: the whole database) until told."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            if other.vendor == "sqlite":
                cursor.execute("BEGIN IMMEDIATE")
                cursor.execute("UPDATE stories_ratecount SET count = count")
            else:
                cursor.execute("BEGIN")
                cursor.execute("LOCK TABLE stories_ratecount IN ACCESS EXCLUSIVE MODE")
            ready.set()
            released.wait(20)
            cursor.execute("COMMIT")
    finally:
        other.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rate_counter_busy_beyond_its_retries_does_not_turn_the_story_away(client):
    """Found by benchmarks/contributors.py: under a long write on SQLite, the per-network
    count ran out of retries and the form answered 500 before the story was even read."""
    from stories.models import ContributionPage
    from tests.builders import make_site, make_story_index
    from tests.stories.contributions.conftest import valid_data

    home = make_site()
    make_story_index(home)
    page = home.add_child(instance=ContributionPage(title="Contribuer", slug="contribuer"))
    page.save_revision().publish()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '300ms'")
    skipped = Seen("skipped, the database stayed busy")
    log = logging.getLogger("stories.contributions.rate_limits")
    log.addHandler(skipped)
    ready = threading.Event()
    # The writer lets go once the counter has given up: the intake's own retries then pass.
    writer = threading.Thread(target=hold_the_counters_until, args=(skipped.event, ready))
    writer.start()
    ready.wait(5)
    try:
        response = client.post(page.url, valid_data(photo_1=photo_upload(), consent_people="on"))
    finally:
        skipped.event.set()
        writer.join()
        log.removeHandler(skipped)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")

    assert response.status_code == 303
    assert Contribution.objects.count() == 1


def test_busy_errors_are_told_from_other_database_errors():
    from django.db import OperationalError

    class Cause(Exception):
        sqlstate = "40001"

    serialization = OperationalError("could not serialize access")
    serialization.__cause__ = Cause()

    assert busy.database_was_busy(OperationalError("database is locked"))
    assert busy.database_was_busy(serialization)
    assert not busy.database_was_busy(OperationalError("no such table: stories_contribution"))


def test_the_retries_fit_within_the_web_workers_timeout(settings):
    """Two rate counters (skipped past their budget), the intake, then the start of the
    review: even if each last attempt waits SQLite's busy timeout once more, the worker
    answers before gunicorn kills it."""
    timeout = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))["timeout"]
    sqlite_wait = settings.DATABASES["default"].get("OPTIONS", {}).get("timeout", 0)
    counters = 2 * (busy.BUDGET_SECONDS + sqlite_wait)
    intake_wait = settings.CONTRIBUTION_BUSY_SECONDS + sqlite_wait
    assert sum(busy.PAUSES) < busy.BUDGET_SECONDS
    assert counters + intake_wait + intake.REVIEW_WAIT_SECONDS < timeout


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_intake_tried_again_saves_one_story_and_keeps_only_its_own_files(
    settings, client, monkeypatch
):
    from django.db import OperationalError

    from stories.models import CentenaryImage, ContributionPage
    from tests.builders import make_site, make_story_index
    from tests.stories.contributions.conftest import valid_data

    settings.TASKS = DATABASE_QUEUE
    home = make_site()
    make_story_index(home)
    page = home.add_child(instance=ContributionPage(title="Contribuer", slug="contribuer"))
    page.save_revision().publish()
    DBTaskResult.objects.all().delete()
    real_add, calls = intake.add_to_story_list, []

    def busy_the_first_time(story, contribution):
        calls.append(contribution.pk)
        if len(calls) == 1:  # after the photo was written
            raise OperationalError("database is locked")
        return real_add(story, contribution)

    monkeypatch.setattr(intake, "add_to_story_list", busy_the_first_time)
    before = stored_contribution_files()
    response = client.post(page.url, valid_data(photo_1=photo_upload(), consent_people="on"))

    assert response.status_code == 303
    assert len(calls) == 2
    contribution = Contribution.objects.get()
    assert CentenaryImage.objects.count() == 1
    assert stored_contribution_files() - before == {contribution.images.get().file.name}
    assert queued("send_acknowledgement") == [{"args": [contribution.pk], "kwargs": {}}]


def stored_contribution_files():
    from django.conf import settings as django_settings

    root = django_settings.MEDIA_ROOT / "contributions"
    return {
        str(path.relative_to(django_settings.MEDIA_ROOT))
        for path in root.rglob("*")
        if path.is_file()
    }


def hold_the_contribution(contribution_id, ready, release):
    """A worker starting the same review from the queue."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute(
                "SELECT id FROM stories_contribution WHERE id = %s FOR UPDATE", [contribution_id]
            )
            ready.set()
            release.wait(20)
            cursor.execute("COMMIT")
    finally:
        other.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_contributor_does_not_wait_for_a_worker_already_starting_the_review(
    settings, client, monkeypatch, caplog
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks to skip")
    from stories.models import ContributionPage
    from tests.builders import make_site, make_story_index
    from tests.stories.contributions.conftest import valid_data

    settings.TASKS = DATABASE_QUEUE
    home = make_site()
    make_story_index(home)
    page = home.add_child(instance=ContributionPage(title="Contribuer", slug="contribuer"))
    page.save_revision().publish()
    real_review_now = intake.review_now
    monkeypatch.setattr(intake, "review_now", lambda contribution: None)
    assert client.post(page.url, valid_data()).status_code == 303
    contribution = Contribution.objects.get()
    ready, release = threading.Event(), threading.Event()
    worker = threading.Thread(target=hold_the_contribution, args=(contribution.pk, ready, release))
    worker.start()
    ready.wait(5)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '1s'")  # waiting would fail, and be logged
        real_review_now(contribution)
    finally:
        release.set()
        worker.join()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")

    assert "left to the task queue" not in caplog.text
    assert not reviews_of(contribution).exists()  # the worker's to finish


@pytest.mark.django_db
def test_the_review_waits_for_sqlites_lock_only_a_moment_then_the_usual_timeout_is_back():
    """The contribution is saved by then: a second long wait for SQLite's lock would keep the
    contributor for nothing, the worker can start the review."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's review waits for no shared row")

    def busy_timeout():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            return cursor.fetchone()[0]

    usual = busy_timeout()
    with busy.waiting_at_most(intake.REVIEW_WAIT_SECONDS):
        assert busy_timeout() == intake.REVIEW_WAIT_SECONDS * 1000 < usual

    assert busy_timeout() == usual
