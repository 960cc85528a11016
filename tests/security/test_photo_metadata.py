"""A contributed photo keeps its pixels and nothing else: no comment, text chunk, EXIF, XMP,
ICC profile or application segment of the upload reaches the stored file or a rendition."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image, ImageCms, PngImagePlugin

from stories.models import Contribution

pytestmark = pytest.mark.django_db

PAYLOAD = b"<script>alert(document.domain)</script><?php system($_GET['c']); ?>"
MARKERS = (b"<script", b"<?php", b"alert(", b"system(")
COLOUR = (200, 120, 40)


def srgb_profile_carrying(payload):
    """A valid sRGB ICC profile with ``payload`` appended (the header's size covers it)."""
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = profile + payload
    return struct.pack(">I", len(data)) + data[4:]


def jpeg_segment(marker, body):
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def hostile_jpeg():
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010E] = PAYLOAD.decode()  # ImageDescription
    exif[0x0112] = 1
    Image.new("RGB", (64, 48), COLOUR).save(
        buffer,
        "JPEG",
        comment=PAYLOAD,
        exif=exif.tobytes(),
        icc_profile=srgb_profile_carrying(PAYLOAD),
        xmp=b"<x:xmpmeta>" + PAYLOAD + b"</x:xmpmeta>",
    )
    data = buffer.getvalue()
    # Application segments Pillow does not write itself: APP12 "Ducky", APP13 Photoshop.
    extra = jpeg_segment(0xEC, b"Ducky\0" + PAYLOAD) + jpeg_segment(
        0xED, b"Photoshop 3.0\0" + PAYLOAD
    )
    return data[:2] + extra + data[2:]


def png_chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def hostile_png():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", PAYLOAD.decode())
    info.add_text("Description", PAYLOAD.decode(), zip=True)
    info.add_itxt("XML:com.adobe.xmp", PAYLOAD.decode(), lang="fr", tkey="x")
    buffer = io.BytesIO()
    Image.new("RGBA", (64, 48), (*COLOUR, 255)).save(
        buffer, "PNG", pnginfo=info, icc_profile=srgb_profile_carrying(PAYLOAD)
    )
    data = buffer.getvalue()
    exif = Image.Exif()
    exif[0x010E] = PAYLOAD.decode()
    chunk = png_chunk(b"eXIf", exif.tobytes()) + png_chunk(b"prVt", PAYLOAD)
    end = data.rindex(b"IEND") - 4
    return data[:end] + chunk + data[end:]


def hostile_png_with_garbage_profile():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), COLOUR).save(buffer, "PNG", icc_profile=b"\0\0\0\x80" + PAYLOAD)
    return buffer.getvalue()


def hostile_palette_png():
    """A palette image whose palette and transparency bytes spell the payload."""
    image = Image.new("P", (64, 48), 0)
    palette = (bytes(COLOUR) + PAYLOAD).ljust(768, b"\0")
    image.putpalette(palette)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", transparency=b"\xff" + PAYLOAD)
    return buffer.getvalue()


def hostile_webp():
    exif = Image.Exif()
    exif[0x010E] = PAYLOAD.decode()
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), COLOUR).save(
        buffer,
        "WEBP",
        lossless=True,
        exif=exif.tobytes(),
        xmp=b"<x:xmpmeta>" + PAYLOAD + b"</x:xmpmeta>",
        icc_profile=srgb_profile_carrying(PAYLOAD),
    )
    return buffer.getvalue()


HOSTILE = {
    "photo.jpg": (hostile_jpeg, "image/jpeg"),
    "photo.png": (hostile_png, "image/png"),
    "profil.png": (hostile_png_with_garbage_profile, "image/png"),
    "palette.png": (hostile_palette_png, "image/png"),
    "photo.webp": (hostile_webp, "image/webp"),
}


def decoded_metadata(data):
    """Every metadata value Pillow can read back, decompressed, as bytes."""
    with Image.open(io.BytesIO(data)) as image:
        values = [*image.info.values(), *getattr(image, "text", {}).values()]
        values += [str(value) for value in image.getexif().values()]
        values.append(image.getxmp() if hasattr(image, "getxmp") else "")
    return b"".join(v if isinstance(v, bytes) else str(v).encode() for v in values)


def assert_clean(data):
    for marker in MARKERS:
        assert marker not in data
        assert marker not in decoded_metadata(data)
    with Image.open(io.BytesIO(data)) as image:
        assert "icc_profile" not in image.info
        assert "comment" not in image.info
        assert not image.getexif()
        pixel = image.convert("RGB").getpixel((32, 24))
    assert all(abs(a - b) <= 3 for a, b in zip(pixel, COLOUR, strict=True)), pixel


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_contributed_photo_keeps_no_metadata_in_its_file_or_its_renditions(
    post_contribution, django_capture_on_commit_callbacks, name
):
    make, content_type = HOSTILE[name]
    original = make()
    assert b"<script" in original or b"<script" in decoded_metadata(original) or "palette" in name
    upload = SimpleUploadedFile(name, original, content_type=content_type)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_contribution(photo_1=upload, caption_1="Devant", consent_people="on")
    assert response.status_code < 400

    image = Contribution.objects.get().images.get()
    assert_clean(image.file.open("rb").read())
    for spec in ("fill-120x80", "width-40|format-webp", "width-40|format-png", "original"):
        assert_clean(image.get_rendition(spec).file.open("rb").read())


def test_colours_and_transparency_survive_the_conversion_to_srgb():
    from stories.contributions.images import clean_photo

    image = Image.new("RGBA", (64, 48), (*COLOUR, 255))
    image.putpixel((0, 0), (10, 20, 30, 100))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", icc_profile=srgb_profile_carrying(PAYLOAD))
    upload = SimpleUploadedFile("a.png", buffer.getvalue(), content_type="image/png")

    photo = clean_photo(upload)

    with Image.open(io.BytesIO(photo.content)) as stored:
        assert stored.mode == "RGBA"
        assert stored.getpixel((0, 0))[3] == 100
        assert stored.getpixel((32, 24)) == (*COLOUR, 255)
