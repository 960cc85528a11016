"""Ready-to-post messages: how long X counts them once posted.

X counts a post by weight, not by characters (the rules of its open-source ``twitter-text``,
configuration version 3). The text is first normalised (NFC). Every link weighs 23 whatever
its length, whether written with ``https://`` or as a bare domain (``ibm.com``, ``ibm.fr``,
``www.ibm.fr/centenaire``) whose ending is a known top-level domain (``tlds.txt``). Every emoji
weighs 2, even one drawn from several code points (a family, a flag, a keycap, a skin tone).
Any other code point weighs 1 in the Latin, Greek, Cyrillic… scripts and the common
punctuation (``LIGHT_RANGES``), 2 elsewhere (CJK…). A message is posted with the page's link
after it, and with the centenary hashtag added when the editor did not write it: both count.

Emoji are found with the ``regex`` module: the standard library knows neither grapheme
clusters (``\\X``) nor the ``Extended_Pictographic`` property, and hand-kept emoji tables would
age with every Unicode release.
"""

import re
import unicodedata
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

import regex

LIMIT = 280
LINK_WEIGHT = 23
EMOJI_WEIGHT = 2
MAX_LINK_LENGTH = 4096
MAX_LABEL_LENGTH = 63
MAX_TCO_SLUG_LENGTH = 40
LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
TLDS_FILE = Path(__file__).with_name("tlds.txt")

# The grammar of a link, as twitter-text's extractor reads it.
LATIN_ACCENTS = (
    r"\xC0-\xD6\xD8-\xF6\xF8-\xFF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B\u0263"
    r"\u0268\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF"
)
CYRILLIC = r"\u0400-\u04FF"
DIRECTIONAL_MARKS = r"\u202A-\u202E\u061C\u200E\u200F\u2066-\u2069"
INVALID = r"\uFFFE\uFEFF\uFFFF"
SPACES = r"\s\u0085\u00A0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"
DOMAIN_CHAR = rf"[^!'#%&()*+,\\\-./:;<=>?@\[\]^_{{|}}~${SPACES}{INVALID}{DIRECTIONAL_MARKS}]"
PATH_CHAR = rf"[a-z{CYRILLIC}0-9!*';:=+,.$/%#\[\]\-\u2013_~@|&{LATIN_ACCENTS}]"
PARENS = rf"\((?:{PATH_CHAR}+|{PATH_CHAR}*\({PATH_CHAR}+\){PATH_CHAR}*)\)"
PATH_END = rf"(?:[+\-a-z{CYRILLIC}0-9=_#/{LATIN_ACCENTS}]|{PARENS})"
PATH = rf"(?:{PATH_CHAR}*(?:{PARENS}{PATH_CHAR}*)*{PATH_END}|@{PATH_CHAR}+/)"
QUERY = r"\?[a-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]*[a-z0-9\-_&=#/]"
EMOJI_PARTS = regex.compile(r"[\uFE0F\u20E3\u200D\p{Emoji_Modifier}\U000E0020-\U000E007F]")
KEYCAP_BASES = "0123456789#*"


@cache
def top_level_domains():
    """The TLD alternation, X's generic domains first then the country ones, in file order."""
    sections, kind = {}, None
    for line in TLDS_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            kind = sections.setdefault(line.strip("[]"), [])
        elif line and not line.startswith("#"):
            kind.extend(line.split())
    names = sections["generic"] + sections["country"]
    return "(?:" + "|".join(map(re.escape, names)) + r")(?=[^0-9a-zA-Z@+-]|$)"


@cache
def patterns():
    """The link, bare-domain and t.co patterns, compiled once on first use."""
    tld = rf"(?:{top_level_domains()}|xn--[\-0-9a-z]+)"
    subdomain = rf"(?:(?:{DOMAIN_CHAR}(?:[_-]|{DOMAIN_CHAR})*)?{DOMAIN_CHAR}\.)"
    name = rf"(?:(?:{DOMAIN_CHAR}(?:-|{DOMAIN_CHAR})*)?{DOMAIN_CHAR}\.)"
    link = (
        rf"(?P<before>[^A-Za-z0-9@＠$#＃{INVALID}]|^)(?P<url>(?P<protocol>https?://)?"
        rf"(?P<domain>{subdomain}*{name}{tld})(?::[0-9]+)?(?P<path>/{PATH}*)?(?:{QUERY})?)"
    )
    ascii_domain = rf"(?:[\-a-z0-9{LATIN_ACCENTS}]+\.)+{tld}"
    tco = rf"https?://t\.co/([a-z0-9]+)(?:{QUERY})?"
    return tuple(regex.compile(p, regex.IGNORECASE) for p in (link, ascii_domain, tco))


def label_length(label):
    """The length of a domain label once written in ASCII (punycode) for the DNS."""
    if label.isascii():
        return len(label)
    return len("xn--") + len(label.encode("punycode"))


def valid_domain(domain, ascii_domain):
    if domain.startswith("xn--") and not ascii_domain.search(domain):
        return False
    return all(1 <= label_length(label) <= MAX_LABEL_LENGTH for label in domain.split("."))


def bare_domain_spans(match, ascii_domain):
    """A link without protocol: only its ASCII domains count, the last one with the path."""
    start, domain = match.start("domain"), match["domain"]
    if match["before"] in ("-", "_", ".", "/"):
        return []
    spans = [[start + m.start(), start + m.end()] for m in ascii_domain.finditer(domain)]
    if spans and match["path"]:
        spans[-1][1] = match.end("url")
    return spans


def protocol_span(match, tco):
    """A link with protocol; a t.co link stops at its slug, and a too-long slug is no link."""
    start, short = match.start("url"), tco.match(match["url"])
    if short is None:
        return [(start, match.end("url"))]
    if len(short[1]) > MAX_TCO_SLUG_LENGTH:
        return []
    return [(start, start + short.end())]


def link_spans(text):
    """Where X sees links in ``text``, as (start, end) pairs, with or without ``https://``."""
    link, ascii_domain, tco = patterns()
    spans = []
    for match in link.finditer(text) if "." in text else ():
        protocol = match["protocol"] or "https://"
        if len(protocol) + len(match["url"]) > MAX_LINK_LENGTH:
            continue
        if not valid_domain(match["domain"], ascii_domain):
            continue
        if match["protocol"]:
            spans += protocol_span(match, tco)
        else:
            spans += bare_domain_spans(match, ascii_domain)
    return spans


def character_weight(character):
    code = ord(character)
    return 1 if any(low <= code <= high for low, high in LIGHT_RANGES) else 2


def is_emoji(cluster):
    """An emoji X counts as one: pictured by default, or made one by what follows it."""
    first = cluster[0]
    if first in KEYCAP_BASES:
        return "\u20e3" in cluster
    if regex.match(r"\p{Emoji_Presentation}", first):
        return True
    return bool(regex.match(r"\p{Emoji}", first) and EMOJI_PARTS.search(cluster, 1))


def text_weight(text):
    """The weight of text without links: an emoji 2, any other code point by its range."""
    return sum(
        EMOJI_WEIGHT if is_emoji(cluster) else sum(map(character_weight, cluster))
        for cluster in regex.findall(r"\X", text)
    )


def weighted_length(text):
    """The length X gives ``text``: links count 23, emoji and heavy characters 2."""
    text = unicodedata.normalize("NFC", text)
    total, position = 0, 0
    for start, end in link_spans(text):
        total += text_weight(text[position:start]) + LINK_WEIGHT
        position = end
    return total + text_weight(text[position:])


def has_hashtag(text, hashtag):
    pattern = rf"(?<![\w#])#{re.escape(hashtag)}(?!\w)"
    return bool(re.search(pattern, text, re.IGNORECASE))


def message_with_hashtag(text, hashtag):
    """The message as it will be posted (the page's link is added by the network)."""
    text = " ".join(text.split())
    if hashtag and not has_hashtag(text, hashtag):
        return f"{text} #{hashtag}"
    return text


def posted_length(text, hashtag):
    """The message's weight once posted: its text, the hashtag if added, the page's link."""
    return weighted_length(message_with_hashtag(text, hashtag)) + 1 + LINK_WEIGHT


def check_message(text, hashtag):
    """Refuse a message X would cut, with the number of characters to remove."""
    length = posted_length(text, hashtag)
    if length <= LIMIT:
        return
    values = {"length": length, "limit": LIMIT, "hashtag": hashtag, "over": length - LIMIT}
    if hashtag:
        message = _(
            "Une fois publié, ce message compte %(length)s caractères sur les %(limit)s "
            "qu’accepte X (le lien de la page compte pour 23 et le hashtag #%(hashtag)s est "
            "inclus). Retirez-en %(over)s."
        )
    else:
        message = _(
            "Une fois publié, ce message compte %(length)s caractères sur les %(limit)s "
            "qu’accepte X (le lien de la page compte pour 23). Retirez-en %(over)s."
        )
    raise ValidationError(message % values, code="too_long")
