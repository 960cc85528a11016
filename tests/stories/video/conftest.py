import pytest

from tests.stories.video.clips import make_clip


@pytest.fixture(scope="session")
def clips(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clips")
    return {
        "mp4": make_clip(folder / "clip.mp4"),
        "webm": make_clip(folder / "clip.webm", kind="webm"),
        "mpeg4": make_clip(folder / "mpeg4.mp4", kind="mpeg4-in-mp4"),
    }


@pytest.fixture
def editor(client, django_user_model, home):
    client.force_login(django_user_model.objects.create_superuser("editrice", "e@example.org", "x"))
    return client
