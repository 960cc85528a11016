"""The Wagtail admin in the centenary's colours, taken from the site settings.

Wagtail themes its admin through CSS custom properties (``--w-color-primary-hue`` and the
like, "Custom user interface colours" in its documentation). They are served here as a small
stylesheet made from ``CentenarySettings``, as ``/theme.css`` is for the public site: no
inline style, which the strict policy refuses. The ``insert_global_admin_css`` hook links it
from every admin page, the login page included (stories/wagtail_hooks.py). The hook is given
no request, so the address carries no version: the sheet is revalidated at each page with
its ETag and answered 304 while the colours are unchanged.
"""

import hashlib

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import cache_control
from django.views.decorators.http import etag, require_GET

from stories.colours import HEX_COLOUR, hsl
from stories.models import CentenarySettings

# Wagtail's primary colour (sidebar, headings, labels) sits darker than its secondary
# (buttons, links); the centenary's main colour becomes the secondary and, darkened by this
# factor, the primary: the same hue throughout, and white text reads better still on it.
PRIMARY_LIGHTNESS_FACTOR = 0.7


def colour_setting(site_settings, name):
    """The setting if it is a #rrggbb colour (the model validates it), else its default."""
    value = getattr(site_settings, name) or ""
    return value if HEX_COLOUR.match(value) else CentenarySettings._meta.get_field(name).default


def css_number(value):
    """215.3, 78 (a string: a template would print a French decimal comma)."""
    return f"{round(value, 1):g}"


def admin_theme_css_for(site_settings):
    main = colour_setting(site_settings, "primary_colour")
    hue, saturation, lightness = hsl(main)
    return render_to_string(
        "admin_theme.css",
        {
            "accent": colour_setting(site_settings, "accent_colour"),
            "hue": css_number(hue),
            "saturation": css_number(saturation),
            "lightness": css_number(lightness),
            "dark_lightness": css_number(lightness * PRIMARY_LIGHTNESS_FACTOR),
        },
    )


def css_of(request):
    """Rendered once per request, for the ETag and for the body."""
    if not hasattr(request, "_admin_theme_css"):
        request._admin_theme_css = admin_theme_css_for(CentenarySettings.for_request(request))
    return request._admin_theme_css


def admin_theme_etag(request):
    return hashlib.sha256(css_of(request).encode()).hexdigest()[:16]


@require_GET
@cache_control(no_cache=True)
@etag(admin_theme_etag)
def admin_theme_css(request):
    return HttpResponse(css_of(request), content_type="text/css; charset=utf-8")
