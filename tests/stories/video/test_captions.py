"""Captions are offered to readers only as valid WebVTT."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from stories.video.captions import validate_webvtt

GOOD = (
    "WEBVTT\n\n"
    "00:00.000 --> 00:02.500\nBonjour, je m’appelle Lucienne.\n\n"
    "1\n00:00:02.500 --> 00:00:05.000 line:90%\nJ’ai perforé des cartes.\n"
)


def vtt(text, encoding="utf-8"):
    return SimpleUploadedFile("sous-titres.vtt", text.encode(encoding), "text/vtt")


def code_of(file):
    with pytest.raises(ValidationError) as refused:
        validate_webvtt(file)
    return refused.value.code


def test_well_formed_captions_pass():
    validate_webvtt(vtt(GOOD))
    validate_webvtt(vtt("\ufeff" + GOOD))  # with a byte order mark


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1\n00:00:01,000 --> 00:00:02,000\nUn fichier SRT\n", "signature"),
        ("WEBVTT\n\nNOTE rien d’autre\n", "empty"),
        ("WEBVTT\n\n00:01 --> 00:02\nMinutage incomplet\n", "timing"),
        ("<html><body>WEBVTT</body></html>", "signature"),
    ],
    ids=["srt", "no-cue", "bad-timing", "html"],
)
def test_malformed_captions_are_refused(text, code):
    assert code_of(vtt(text)) == code


def test_captions_not_in_utf8_are_refused_with_how_to_fix():
    assert code_of(vtt(GOOD.replace("’", "é"), encoding="utf-16")) == "encoding"


def test_oversized_captions_are_refused():
    assert code_of(vtt(GOOD + "x" * 600_000)) == "too_big"
