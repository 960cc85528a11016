"""In real Chromium: a video upload cut mid-way by the network resumes where it stopped
(the part that was cut is the only one sent again), the bar reaches the end, and the story
is sent with the video without the file being sent a second time."""

import pytest

from stories.models import Contribution, VideoStatus
from tests.browser.test_contribution_form_journeys import fill_text, fill_the_rest, send
from tests.browser.test_contribution_in_browser import site  # noqa: F401 (fixture)
from tests.stories.video.clips import make_clip

# The server reads (and, with the immediate task backend, converts) the video inside the
# request: on a loaded machine that takes longer than Playwright's 30 s default.
VIDEO_WORK_MS = 120_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
CHUNK = 32 * 1024


@pytest.fixture
def movie(tmp_path):
    return make_clip(tmp_path / "VID_2026.mp4", seconds=2, size="640x360", rate=25)


def test_a_cut_upload_resumes_where_it_stopped(
    page,
    live_server,
    site,  # noqa: F811
    movie,
    settings,
):
    settings.VIDEO_UPLOAD_CHUNK_BYTES = CHUNK
    size = movie.stat().st_size
    chunks = -(-size // CHUNK)
    assert chunks >= 4, size
    sent = []  # (method, offset) of every request to the upload's address

    def network(route):
        request = route.request
        offset = request.headers.get("upload-offset")
        sent.append((request.method, offset))
        patches = [entry for entry in sent if entry[0] == "PATCH"]
        if request.method == "PATCH" and len(patches) == chunks // 2:
            route.abort("connectionreset")  # the network goes, half-way through
        else:
            route.continue_()

    page.route("**/envoi-video/*/", network)
    page.goto(live_server.url + site["form_url"])
    fill_text(page)
    fill_the_rest(page)
    page.get_by_label("Les personnes reconnaissables").check()
    page.locator("#id_video_file").set_input_files(str(movie))

    page.get_by_text("Elle est bien arrivée").wait_for(timeout=60_000)
    assert page.locator("[data-upload-bar]").evaluate("bar => bar.value") == 100
    patches = [int(offset) for method, offset in sent if method == "PATCH"]
    assert len(patches) == chunks + 1  # the cut part, and only it, was sent again
    cut_at = patches[chunks // 2 - 1]
    assert patches.count(cut_at) == 2
    assert ("HEAD", None) in sent  # it asked the server where to resume
    assert page.locator("#id_video_file").input_value() == ""  # not sent again by the form
    send(page)

    page.get_by_role("heading", name="Merci").first.wait_for(timeout=VIDEO_WORK_MS)
    video = Contribution.objects.get().video
    assert video.status == VideoStatus.READY, video.processing_error
    assert video.file.size > 0
