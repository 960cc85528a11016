import pytest

from tests.builders import make_site, make_story_index


@pytest.fixture
def home(db):
    return make_site()


@pytest.fixture
def story_index(home):
    return make_story_index(home)
