from django.core.cache import cache

import pytest

from tests.builders import make_site, make_story_index


@pytest.fixture(autouse=True)
def empty_cache():
    """The site cache outlives a test's rolled-back transaction: start each test empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    return make_site()


@pytest.fixture
def story_index(home):
    return make_story_index(home)
