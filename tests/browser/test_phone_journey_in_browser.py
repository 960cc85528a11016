"""In real Chromium, the journey of a phone: a portrait HEVC movie (as an iPhone records it)
sent on a slow connection that is cut half-way and resumes, a form error on the way, the
story approved, then played upright from its H.264 web rendition."""

from wagtail.models import WorkflowState

import pytest

from stories.models import Contribution, VideoStatus
from tests.browser.test_contribution_form_journeys import fill_text, fill_the_rest, send
from tests.browser.test_contribution_in_browser import moderator, site  # noqa: F401
from tests.stories.video.clips import make_clip, rotate

# The server reads (and, with the immediate task backend, converts) the video inside the
# request: on a loaded machine that takes longer than Playwright's 30 s default.
VIDEO_WORK_MS = 120_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
CHUNK = 16 * 1024


@pytest.fixture
def iphone_movie(tmp_path):
    landscape = make_clip(tmp_path / "landscape.mov", seconds=2, size="320x180", kind="hevc-mov")
    return rotate(landscape, tmp_path / "IMG_0042.MOV", 90)


def slow_network(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 150,
            "downloadThroughput": 400_000,
            "uploadThroughput": 60_000,
        },
    )


def test_a_phone_movie_survives_a_cut_and_a_form_error_and_plays_upright(
    page,
    live_server,
    site,  # noqa: F811
    moderator,  # noqa: F811
    iphone_movie,
    settings,
):
    settings.VIDEO_UPLOAD_CHUNK_BYTES = CHUNK
    patches = []

    def network(route):
        if route.request.method == "PATCH":
            patches.append(route.request.headers["upload-offset"])
            if len(patches) == 2:
                route.abort("connectionreset")  # the train enters a tunnel
                return
        route.continue_()

    page.route("**/envoi-video/*/", network)
    page.goto(live_server.url + site["form_url"])
    slow_network(page)
    fill_text(page)
    fill_the_rest(page)
    page.get_by_label("Le titre de votre histoire").fill("")  # forgotten
    page.get_by_label("Les personnes reconnaissables").check()
    page.locator("#id_video_file").set_input_files(str(iphone_movie))
    page.get_by_text("Elle est bien arrivée").wait_for(timeout=120_000)
    assert patches.count(patches[1]) == 2  # the cut part was sent again, from where it was
    send(page)

    errors = page.get_by_role("heading", name="Il reste quelque chose à corriger")
    errors.wait_for(timeout=VIDEO_WORK_MS)
    assert page.get_by_text("Vidéo jointe : IMG_0042.MOV").is_visible()
    page.get_by_label("Le titre de votre histoire").fill("La nuit où l’usine a tenu bon")
    send(page)
    page.get_by_role("heading", name="Merci").first.wait_for(timeout=VIDEO_WORK_MS)

    contribution = Contribution.objects.get()
    assert contribution.video.status == VideoStatus.READY, contribution.video.processing_error
    state = WorkflowState.objects.get(object_id=str(contribution.page_id))
    state.current_task_state.approve(user=moderator)
    page.goto(live_server.url + contribution.page.specific.url)
    player = page.locator("video")
    player.evaluate("video => { video.muted = true; video.play(); }")
    for _ in range(80):  # wait_for_function would need eval, which the site's CSP forbids
        if page.evaluate("document.querySelector('video').currentTime") > 0.3:
            break
        page.wait_for_timeout(100)

    size = page.evaluate(
        "(() => { const v = document.querySelector('video');"
        " return [v.videoWidth, v.videoHeight, v.currentTime > 0.3]; })()"
    )
    assert size == [180, 320, True]  # portrait, turned upright, playing
