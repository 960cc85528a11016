"""French typography for editorial text: ``{% load french %}``.

- ``typo``: plain text (a title, a standfirst, a caption), escaped, then with narrow no-break
  spaces (U+202F) before « : ; ? ! » and inside « », and the ellipsis kept to its word.
- ``typo_html``: the same on HTML (rich text output), in text only: tags and their attributes
  (URLs among them) are left as they are, and so are <pre>, <code>, <script> and <style>.
- ``de``: "de" before a name, elided before a vowel or a mute h: « d’IBM », « de Renault ».
"""

import re
import unicodedata

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext

register = template.Library()

NNBSP = "\u202f"
NBSP = "\u00a0"
SPACES = "[ \u00a0\u202f\t]"

RULES = (
    # A space before a high punctuation mark becomes a narrow no-break space. Only where the
    # writer put a space: "10:30", "https://" and "?q=" have none and stay as they are.
    (re.compile(rf"{SPACES}+([:;?!»])"), NNBSP + r"\1"),
    (re.compile(rf"«{SPACES}*"), "«" + NNBSP),
    (re.compile(rf"(?<=\S)(?<!{NNBSP})»"), NNBSP + "»"),
    # "mot …" never leaves the ellipsis alone at the start of a line.
    (re.compile(rf"(?<=\S){SPACES}+(…|\.\.\.)"), NBSP + r"\1"),
)

TAG = re.compile(r"(<[^>]*>)")
RAW_OPEN = re.compile(r"<(pre|code|script|style)\b", re.IGNORECASE)
RAW_CLOSE = re.compile(r"</(pre|code|script|style)\s*>", re.IGNORECASE)


def french_spacing(text):
    """The rules above on text with no markup."""
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    return text


@register.filter(is_safe=True)
def typo(value):
    """Plain text, escaped, with French spacing."""
    if value in (None, ""):
        return value
    return mark_safe(french_spacing(str(conditional_escape(value))))  # noqa: S308 (escaped first)


@register.filter(is_safe=True)
def typo_html(value):
    """HTML already safe (rich text): French spacing in its text, never inside a tag."""
    if value in (None, ""):
        return value
    if not isinstance(value, SafeString):
        value = conditional_escape(value)
    parts, raw = [], 0
    for part in TAG.split(str(value)):
        if part.startswith("<"):
            raw += bool(RAW_OPEN.match(part)) - bool(RAW_CLOSE.match(part))
            raw = max(raw, 0)
            parts.append(part)
        else:
            parts.append(part if raw else french_spacing(part))
    return mark_safe("".join(parts))  # noqa: S308 (tags untouched, text came in safe)


def starts_with_vowel_sound(name):
    first = unicodedata.normalize("NFD", name.strip()[:1])[:1].lower()
    return first in "aeiouyh" and first != ""


@register.filter
def de(name):
    """« d’IBM », « de Renault »: the preposition before an organisation's name."""
    if not name:
        return name
    if starts_with_vowel_sound(name):
        return pgettext("elided before a vowel", "d’%(name)s") % {"name": name}
    return pgettext("before a consonant", "de %(name)s") % {"name": name}
