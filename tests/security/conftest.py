"""The contribution fixtures, shared with the security tests, and a real gunicorn."""

import pytest

from tests.security.server import Gunicorn, database_url
from tests.stories.contributions.conftest import (  # noqa: F401  (pytest fixtures)
    clips,
    contribute_page,
    post_contribution,
)


@pytest.fixture(scope="module")
def gunicorn(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real gunicorn on loopback, with production settings and the test database."""
    folder = tmp_path_factory.mktemp("gunicorn")
    with django_db_blocker.unblock():
        server = Gunicorn(folder, database_url(folder))
    yield server
    server.stop()
