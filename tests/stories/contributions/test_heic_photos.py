"""iPhone photos (HEIC) are accepted, turned upright and stored as JPEG made of the pixels
alone, like every other photo."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image

from stories.contributions.images import clean_photo
from stories.models import CentenaryImage, Contribution

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def heic_upload(size=(64, 48), orientation=None):
    exif = Image.Exif()
    exif[0x010F] = "Apple"
    exif.get_ifd(GPS_IFD)[2] = (48.0, 51.0, 29.0)  # latitude: where the photo was taken
    if orientation:
        exif[ORIENTATION] = orientation
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, format="HEIF", exif=exif.tobytes())
    assert buffer.getvalue()[4:12] == b"ftypheic"
    return SimpleUploadedFile("IMG_0007.HEIC", buffer.getvalue(), content_type="image/heic")


def test_a_heic_photo_becomes_a_jpeg_without_its_metadata():
    photo = clean_photo(heic_upload())

    stored = Image.open(io.BytesIO(photo.content))
    assert (stored.format, stored.size, photo.extension) == ("JPEG", (64, 48), "jpg")
    assert not stored.getexif() and "icc_profile" not in stored.info
    assert b"Apple" not in photo.content
    assert stored.getpixel((10, 10))[2] > 150  # the pixels survived


def test_a_heic_photo_taken_upright_is_stored_upright():
    photo = clean_photo(heic_upload(orientation=6))

    assert (photo.width, photo.height) == (48, 64)


@pytest.mark.django_db
def test_a_heic_photo_sent_with_a_story_is_kept_as_a_jpeg(post_contribution):
    response = post_contribution(photo_1=heic_upload(), consent_people="on")

    assert response.status_code == 303
    image = Contribution.objects.get().images.get()
    assert image.file.name.endswith(".jpg")
    assert Image.open(image.file).format == "JPEG"
    assert CentenaryImage.objects.count() == 1
