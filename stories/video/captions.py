"""WebVTT captions, checked before they are offered to readers as a <track>."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 512 * 1024
TIMING = re.compile(
    r"^(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}[ \t]+-->[ \t]+(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}"
    r"(?:[ \t]+\S.*)?$"
)


def refuse(message, code):
    raise ValidationError(message, code=code)


def validate_webvtt(file):
    """A UTF-8 WebVTT file with at least one cue whose timings are well formed."""
    if file.size > MAX_BYTES:
        refuse(_("Ce fichier de sous-titres est trop lourd (512 Ko au plus)."), "too_big")
    file.seek(0)
    raw = file.read(MAX_BYTES + 1)
    file.seek(0)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        refuse(
            _("Enregistrez les sous-titres en UTF-8 : ce fichier n’est pas lisible ainsi."),
            "encoding",
        )
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        refuse(
            _("Ce fichier n’est pas au format WebVTT : sa première ligne doit être « WEBVTT »."),
            "signature",
        )
    arrows = [(number, line) for number, line in enumerate(lines, 1) if "-->" in line]
    if not arrows:
        refuse(_("Ce fichier de sous-titres ne contient aucun sous-titre."), "empty")
    for number, line in arrows:
        if not TIMING.match(line.strip()):
            refuse(
                _("Ligne %(number)s : le minutage doit s’écrire « 00:00:01.000 --> 00:00:04.000 ».")
                % {"number": number},
                "timing",
            )
