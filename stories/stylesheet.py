"""The site's one stylesheet: static/css/site.css (font faces, layout) followed by the site's
colours (templates/theme.css, from Settings → Réglages du centenaire).

stories.views.theme_css serves it at an address carrying a hash of the whole text, so that
browsers and caches keep it a year and a new address comes at once when a deployment
changes site.css or an editor changes a colour. One stylesheet rather than the static file
plus a small one for the colours: on a phone's slow line every stylesheet in the head is
one more request, on one more connection, before anything is painted. (The colours cannot
come inline: the Content-Security-Policy allows no <style> and no style attribute.)

Served from another address than the static files, site.css has its url()s made absolute:
in production they name the hashed files collectstatic wrote beside it.
"""

import functools
import hashlib
import os
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string

from stories.colours import HEX_COLOUR

SITE_CSS = "css/site.css"
DEFAULT_COLOURS = {"primary_colour": "#0f3b7a", "accent_colour": "#f2a93b"}
CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')\s]+)\1\s*\)""")


def theme_colours(site_settings):
    """The two colours of the settings, each replaced by its default unless #RRGGBB."""
    colours = {}
    for name, default in DEFAULT_COLOURS.items():
        value = getattr(site_settings, name) or ""
        colours[name] = value if HEX_COLOUR.match(value) else default
    return colours


def site_css_file():
    """site.css as the static files serve it: collectstatic's copy where the storage keeps a
    manifest (production: hashed names inside), the source file otherwise (development,
    tests), so that an edit shows at the next request."""
    if hasattr(staticfiles_storage, "stored_name"):
        return staticfiles_storage.path(staticfiles_storage.stored_name(SITE_CSS))
    return finders.find(SITE_CSS)


def absolute_urls(css, base):
    def absolute(match):
        target = match.group(2)
        if target.startswith(("/", "#")) or urlsplit(target).scheme:
            return match.group(0)
        return f'url("{urljoin(base, target)}")'

    return CSS_URL.sub(absolute, css)


@functools.lru_cache(maxsize=8)
def _stylesheet(path, modified, primary, accent):
    base = absolute_urls(Path(path).read_text(encoding="utf-8"), staticfiles_storage.url(SITE_CSS))
    colours = render_to_string(
        "theme.css", {"centenary": {"primary_colour": primary, "accent_colour": accent}}
    )
    text = f"{base.rstrip()}\n\n{colours}"
    return text, hashlib.sha256(text.encode()).hexdigest()[:12]


def stylesheet(site_settings):
    """(text, version) of the stylesheet for these settings; built once per process for each
    site.css and pair of colours."""
    path = site_css_file()
    colours = theme_colours(site_settings)
    return _stylesheet(
        path, os.stat(path).st_mtime_ns, colours["primary_colour"], colours["accent_colour"]
    )
