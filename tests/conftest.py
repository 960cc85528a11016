from django.core.cache import caches

import pytest

from tests.builders import make_site, make_story_index, restore_moderation_setup


@pytest.fixture(autouse=True)
def empty_cache():
    """The site cache (shared, and the worker's own memory) outlives a test's rolled-back
    transaction: start each test empty."""
    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


@pytest.fixture(autouse=True)
def migration_data(request):
    """A transactional test ends with a flush that also removes what the migrations created;
    every test that uses the database starts with the moderation setup in place."""
    if "_django_db_helper" in request.fixturenames:
        request.getfixturevalue("_django_db_helper")
        restore_moderation_setup()


@pytest.fixture
def home(db):
    return make_site()


@pytest.fixture
def story_index(home):
    return make_story_index(home)
