"""The site's public address: one setting, SITE_BASE_URL, and every absolute link built here.

E-mails, the canonical and Open Graph tags, the sitemap, the feed, robots.txt, share links
and the text readers copy all take their address from ``absolute_url`` or ``page_url``,
never from the Host header of the request, so they agree whatever name or port a request
came through. Wagtail's own links (``page.full_url``, the admin's "view live") come from the
default Site, which ``manage.py set_site_address`` points at the same address; ``make demo``
runs it with the address it serves.

A leaf of the project: it imports Django settings and Wagtail's Site, nothing of stories.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

from wagtail.models import Site

# Wagtail's Site.root_url writes http:// for any port but 443 and https:// for 443 only.
SCHEME_PORTS = {"http": 80, "https": 443}


class AddressError(ValueError):
    """SITE_BASE_URL is not an address a Wagtail Site can hold."""


def public_base_url():
    """``scheme://host[:port]`` of the public site, without a trailing slash."""
    return settings.SITE_BASE_URL.strip().rstrip("/")


def absolute_url(path):
    """The public address of a path of this site: ``/histoires/`` → ``https://…/histoires/``."""
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError(f"A path of this site starts with a single slash, not {path!r}")
    return public_base_url() + path


def page_url(page, request=None):
    """A page's public address ('' for a page that has no URL, e.g. outside every site)."""
    parts = page.get_url_parts(request)
    if parts is None:
        return ""
    _site_id, _root_url, page_path = parts
    return absolute_url(page_path)


def rebase(url):
    """An absolute URL of this site moved onto the public address (Wagtail's full URLs)."""
    parts = urlsplit(url)
    return absolute_url(urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment)))


def site_address(base_url=None):
    """(hostname, port) of the Wagtail Site for ``base_url`` (SITE_BASE_URL by default)."""
    base_url = (base_url or public_base_url()).rstrip("/")
    parts = urlsplit(base_url)
    try:
        port = parts.port
    except ValueError as error:
        raise AddressError(f"{base_url!r}: {error}") from error
    if parts.scheme not in SCHEME_PORTS or not parts.hostname:
        raise AddressError(f"{base_url!r} is not an http:// or https:// address")
    if parts.path or parts.query or parts.fragment or parts.username or parts.password:
        raise AddressError(f"{base_url!r} must be scheme://host[:port], with nothing after")
    port = port or SCHEME_PORTS[parts.scheme]
    if (parts.scheme == "https") != (port == 443):
        raise AddressError(
            f"{base_url!r}: a Wagtail Site serves https on port 443 only, and http elsewhere"
        )
    hostname = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return hostname, port


def point_default_site_here(base_url=None):
    """Set the default Wagtail Site's hostname and port to the public address.

    Returns the Site, or None when there is no default Site yet. Raises AddressError for an
    address a Site cannot hold (https on another port than 443, a path after the host).
    """

    hostname, port = site_address(base_url)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    clash = Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).first()
    if clash is not None:
        raise AddressError(f"another site already answers at {hostname}:{port}: {clash}")
    if (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save()  # saving a Site starts a new generation of the site cache
    return site
