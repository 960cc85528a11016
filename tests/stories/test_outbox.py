"""The transactional outbox: with the database queue a task is recorded in the transaction
that needs it (kept or lost with it); with a backend that runs tasks at once, it waits for
the commit."""

from django.db import transaction
from django.tasks import task

import pytest
from django_tasks_db.models import DBTaskResult

from stories import outbox
from stories.outbox import stores_in_database

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ran = []


@task
def remember(value):
    ran.append(value)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE


@pytest.fixture(autouse=True)
def nothing_ran():
    ran.clear()


class Boom(Exception):
    pass


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_queue_records_the_task_inside_the_transaction(database_queue):
    job = remember
    with transaction.atomic():
        outbox.enqueue(job, "kept")
        # Already there before the commit: an after-commit hook a crash could skip is not
        # needed.
        assert DBTaskResult.objects.filter(args_kwargs__args=["kept"]).exists()

    assert DBTaskResult.objects.get().args_kwargs == {"args": ["kept"], "kwargs": {}}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rolled_back_transaction_takes_its_queued_task_with_it(database_queue):
    job = remember
    with pytest.raises(Boom), transaction.atomic():
        outbox.enqueue(job, "lost")
        raise Boom

    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_immediate_backend_runs_the_task_only_after_the_commit():
    job = remember
    with transaction.atomic():
        outbox.enqueue(job, "after")
        assert ran == []

    assert ran == ["after"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_immediate_backend_never_runs_the_task_of_a_rolled_back_transaction():
    job = remember
    with pytest.raises(Boom), transaction.atomic():
        outbox.enqueue(job, "never")
        raise Boom

    assert ran == []


def test_only_the_database_queue_is_written_in_the_transaction(settings):
    from django.tasks import task_backends

    assert not stores_in_database(task_backends["default"])  # tests: immediate
    settings.TASKS = DATABASE_QUEUE
    assert stores_in_database(task_backends["default"])
