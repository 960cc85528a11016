"""A busy database, tried again briefly: another writer holding SQLite's lock (a batch
command, a burst of submissions), or a PostgreSQL serialization failure, deadlock or lock
time-out. Only a transaction of our own is retried: inside someone else's, the work done so
far is theirs to roll back."""

import functools
import itertools
import logging
import time
from contextlib import contextmanager

from django.db import OperationalError, connection, transaction

logger = logging.getLogger(__name__)

# Pauses between attempts (then one second each), all within the budget: BUDGET_SECONDS by
# default, the intake's own (CONTRIBUTION_BUSY_SECONDS) for a story. Each attempt may itself
# wait SQLite's busy timeout, 5 s by default: see settings.
PAUSES = (0.2, 0.5, 1.0)
LATER_PAUSE = 1.0
BUDGET_SECONDS = 5
BUSY_SQLSTATES = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock timeout


def database_was_busy(error):
    if getattr(error.__cause__, "sqlstate", None) in BUSY_SQLSTATES:
        return True
    message = str(error)
    return "database is locked" in message or "database table is locked" in message


def retry_when_busy(function=None, *, budget=None):
    """Call ``function`` again after a pause while the database is busy, within ``budget``
    seconds (a number, or a callable read at each call; BUDGET_SECONDS by default).
    ``function`` must be safe to call again: it runs in one transaction of its own."""
    if function is None:
        return functools.partial(retry_when_busy, budget=budget)

    @functools.wraps(function)
    def retrying(*args, **kwargs):
        seconds = budget() if callable(budget) else (budget or BUDGET_SECONDS)
        deadline = time.monotonic() + seconds
        pauses = itertools.chain(PAUSES, itertools.repeat(LATER_PAUSE))
        for attempt, pause in enumerate(pauses, start=1):
            try:
                return function(*args, **kwargs)
            except OperationalError as error:
                if not may_retry(error, pause, deadline):
                    raise
                logger.warning(
                    "Database busy in %s (attempt %d): %s", function.__qualname__, attempt, error
                )
                time.sleep(pause)
        raise AssertionError("unreachable")  # pragma: no cover

    return retrying


def may_retry(error, pause, deadline):
    return (
        database_was_busy(error)
        and time.monotonic() + pause < deadline
        and not transaction.get_connection().in_atomic_block
    )


@contextmanager
def waiting_at_most(seconds):
    """SQLite's busy timeout lowered to ``seconds`` for what runs inside, then put back: for
    work a worker may as well do later rather than keep a person waiting for the lock.
    (PostgreSQL waits only for the rows a transaction touches; nothing to bound there.)"""
    if connection.vendor != "sqlite":
        yield
        return
    usual = connection.settings_dict.get("OPTIONS", {}).get("timeout", 5)
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {int(usual * 1000)}")
