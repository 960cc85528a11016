import io
import time

from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image

from stories.contributions.abuse import SALT
from stories.models import ContributionPage


@pytest.fixture
def contribute_page(home, story_index):
    page = home.add_child(instance=ContributionPage(title="Contribuer", slug="contribuer"))
    page.save_revision().publish()
    return page


def form_token(seconds_ago=60, nonce=None):
    """A token as the form would have carried it, shown ``seconds_ago``."""
    nonce = nonce or f"nonce{time.time_ns()}"
    return signing.dumps({"t": int(time.time()) - seconds_ago, "n": nonce}, salt=SALT)


def photo_upload(name="photo.jpg", fmt="JPEG", size=(640, 480), exif=None):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 120, 40))
    options = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=fmt, **options)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[fmt]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def valid_data(**overrides):
    data = {
        "name": "Jeanne Martin",
        "email": "jeanne@example.org",
        "relation": "alumnus",
        "years_at_company": "1968–2004",
        "display_choice": "initial",
        "title": "Mon premier jour à Corbeil",
        "story": (
            "Le premier jour, on m’a confié une perforatrice et un classeur de cartes.\n\n"
            "Personne ne m’avait dit que ce serait le début de quarante ans de métier."
        ),
        "year_start": "1968",
        "year_end": "",
        "place": "Corbeil-Essonnes",
        "video_url": "",
        "consent_publication": "on",
        "consent_guidelines": "on",
        "website": "",
        "form_token": form_token(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def post_contribution(client, contribute_page):
    def post(**overrides):
        return client.post(contribute_page.url, valid_data(**overrides))

    return post


@pytest.fixture(scope="session")
def clips(tmp_path_factory):
    from tests.stories.video.clips import make_clip

    folder = tmp_path_factory.mktemp("contributed-clips")
    return {"mp4": make_clip(folder / "clip.mp4")}
