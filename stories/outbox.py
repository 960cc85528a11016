"""A transactional outbox for background tasks: work that must follow a commit is recorded
in the same transaction, so a crash keeps both or neither.

With the database queue of production (django_tasks_db's DatabaseBackend, whose enqueue is
``DBTaskResult.objects.create`` on the same connection), the task's row is written inside
the current transaction: the contribution and its pending e-mails commit together, and a
worker killed between the commit and an after-commit hook cannot leave an e-mail unqueued.
A backend that runs tasks at once (ImmediateBackend: development and tests) waits for the
commit instead, so no e-mail ever runs inside a transaction that may still roll back.

Every task enqueued this way must be idempotent: the queue gives at-least-once delivery (a
worker killed mid-task is requeued by ``manage.py requeue_stale_tasks``).
"""

from django.db import DEFAULT_DB_ALIAS, router, transaction


def stores_in_database(backend):
    """True when the backend's enqueue writes a row on the default database."""
    try:
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the package is a requirement
        return False
    return (
        isinstance(backend, DatabaseBackend)
        and router.db_for_write(DBTaskResult) == DEFAULT_DB_ALIAS
    )


def enqueue(task, *args, **kwargs):
    """Enqueue ``task`` with these arguments as part of the current transaction.

    Returns the task result when enqueued at once (database queue, or no transaction open),
    None when deferred to the commit.
    """
    if stores_in_database(task.get_backend()):
        return task.enqueue(*args, **kwargs)
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))
    return None
