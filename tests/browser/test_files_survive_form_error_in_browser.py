"""In real Chromium: a phone's photo and portrait HEVC movie are attached, the form comes
back with an error elsewhere, the contributor fixes it and sends again without choosing
the files again; the contribution has both, the video as an upright H.264 rendition."""

import pytest

from stories.models import Contribution, VideoStatus
from stories.video.probe import probe
from tests.browser.test_contribution_form_journeys import fill_text, fill_the_rest, send
from tests.browser.test_contribution_in_browser import site  # noqa: F401 (fixture)
from tests.stories.video.clips import make_clip, rotate

# The server reads (and, with the immediate task backend, converts) the video inside the
# request: on a loaded machine that takes longer than Playwright's 30 s default.
VIDEO_WORK_MS = 120_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def movie(tmp_path):
    landscape = make_clip(tmp_path / "landscape.mov", seconds=2, kind="hevc-mov")
    return rotate(landscape, tmp_path / "IMG_0042.MOV", 90)


def test_attached_files_are_kept_through_a_form_error(
    page,
    live_server,
    site,  # noqa: F811
    movie,
):
    page.goto(live_server.url + site["form_url"])
    fill_text(page)
    fill_the_rest(page)
    page.get_by_label("Le titre de votre histoire").fill("")  # forgotten (novalidate form)
    page.locator("#id_photo_1").set_input_files(str(site["photo"]))
    page.locator("#id_video_file").set_input_files(str(movie))
    page.get_by_label("Les personnes reconnaissables").check()
    send(page)

    errors = page.get_by_role("heading", name="Il reste quelque chose à corriger")
    errors.wait_for(timeout=VIDEO_WORK_MS)
    assert page.get_by_text("Photo jointe : usine.jpg").is_visible()
    assert page.get_by_text("Vidéo jointe : IMG_0042.MOV").is_visible()
    assert page.locator("#id_photo_1").input_value() == ""  # nothing chosen again
    page.get_by_label("Le titre de votre histoire").fill("La nuit où l’usine a tenu bon")
    send(page)

    page.get_by_role("heading", name="Merci").first.wait_for(timeout=VIDEO_WORK_MS)
    contribution = Contribution.objects.get()
    assert contribution.images.count() == 1
    video = contribution.video
    assert video.status == VideoStatus.READY, video.processing_error
    web = probe(video.file.path)
    assert (web.video_codec, web.width, web.height) == ("h264", 180, 320)
