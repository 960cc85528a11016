"""The site's own photo limits: 40 megapixels and 12,000 pixels a side, checked from the
header before any pixel is decoded. Pillow's built-in limit (about 89 megapixels) is far
above ours, so the photos here are real images between the two. (That the header is read
before the pixels: test_bad_input.py's pixel flood.)"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image

from stories.contributions import images
from stories.models import Contribution

pytestmark = pytest.mark.django_db

ABOVE_OURS = (8000, 5200)  # 41.6 megapixels: above 40, far under Pillow's 89
NARROW_AND_LONG = (12_500, 100)  # 1.25 megapixels, but one side longer than 12,000


def solid_png(size):
    """A real, fully decodable PNG; one colour, so it weighs a few dozen kilobytes."""
    buffer = io.BytesIO()
    Image.new("L", size, 180).save(buffer, format="PNG")
    return SimpleUploadedFile("grande.png", buffer.getvalue(), content_type="image/png")


def test_the_limit_is_ours_and_not_pillows(settings):
    width, height = ABOVE_OURS
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS < width * height < Image.MAX_IMAGE_PIXELS
    assert len(solid_png(ABOVE_OURS).read()) < settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE


@pytest.mark.parametrize("size", [ABOVE_OURS, NARROW_AND_LONG], ids=["41.6-MP", "12500-px-side"])
def test_a_photo_above_the_sites_limits_is_refused_politely(post_contribution, size):
    response = post_contribution(photo_1=solid_png(size), consent_people="on")

    assert response.status_code == 400
    errors = response.context["form"].errors["photo_1"]
    assert any("moins de 40 mégapixels" in error for error in errors)
    assert "Mon premier jour à Corbeil" in response.content.decode()  # what was typed stays
    assert Contribution.objects.count() == 0


def test_a_photo_just_under_the_limit_is_accepted():
    photo = images.clean_photo(solid_png((7000, 5000)))  # 35 megapixels, the example given

    assert (photo.width, photo.height) == (7000, 5000)
