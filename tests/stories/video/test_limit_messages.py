"""A refused file says what the contributor can do next, in plain French, with the address
to write to from the settings."""

from django.core.exceptions import ValidationError

import pytest

from stories.contributions.images import clean_photo
from stories.video.validation import format_limit, message_for, too_big, too_long


@pytest.fixture(autouse=True)
def contact(settings):
    settings.CONTRIBUTION_CONTACT_EMAIL = "histoires@exemple.fr"
    settings.VIDEO_MAX_SECONDS = 15 * 60
    settings.VIDEO_MAX_BYTES = 500 * 1024 * 1024


def test_too_long_says_to_shorten_it_to_the_limit():
    message = too_long(17 * 60 + 5).messages[0]

    assert "Cette vidéo dure 17 min 05 s" in message
    assert "Raccourcissez-la à 15 minutes" in message
    assert "écrivez-nous à histoires@exemple.fr" in message


def test_too_large_says_to_send_it_from_a_computer():
    message = too_big(700 * 1024 * 1024).messages[0]

    assert "la limite est de 500,0\xa0Mio" in message
    assert "envoyez-la depuis un ordinateur" in message
    assert "écrivez-nous à histoires@exemple.fr" in message


@pytest.mark.parametrize("code", ["unreadable", "signature", "codec", "timeout", "transcode"])
def test_unreadable_files_say_whom_to_write_to(code):
    assert "écrivez-nous à histoires@exemple.fr" in message_for(code)


def test_without_a_contact_address_the_sender_address_is_given(settings):
    settings.CONTRIBUTION_CONTACT_EMAIL = ""
    settings.DEFAULT_FROM_EMAIL = "centenaire@exemple.fr"

    assert "écrivez-nous à centenaire@exemple.fr" in message_for("unreadable")


def test_limits_read_as_words():
    assert format_limit(15 * 60) == "15 minutes"
    assert format_limit(60) == "1 minute"
    assert format_limit(90) == "1 min 30 s"


def test_a_photo_that_is_not_one_says_which_formats_and_whom_to_write_to():
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as refused:
        clean_photo(SimpleUploadedFile("x.jpg", b"not a photo"))

    message = refused.value.messages[0]
    assert "JPEG, PNG, WebP ou HEIC" in message
    assert "écrivez-nous à histoires@exemple.fr" in message
