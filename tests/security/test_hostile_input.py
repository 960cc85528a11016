"""Every public address answers hostile input with a 4xx, or with its normal page (a search
for a quote mark finds nothing): never a 500. Run on SQLite and on PostgreSQL (NUL bytes and
out-of-range integers fail differently there)."""

from urllib.parse import quote

import pytest

from tests.builders import (
    make_share_kit,
    make_standard_page,
    make_story,
    make_timeline,
)

pytestmark = pytest.mark.django_db

# Query values, percent-encoded as they travel (so invalid UTF-8 and NUL can be sent).
VALUES = [
    "%22",  # "
    "%27",  # '
    "%00",
    "a%00b",
    "%00%00%00",
    "%ff%fe",
    "%ed%a0%80",  # an encoded UTF-16 surrogate
    "%c0%ae",  # overlong "."
    "%",
    "%25",
    "%5c",
    "*",
    "(",
    ")",
    "!",
    "%26",
    "|",
    ":*",
    "%3C-%3E",
    "NEAR(",
    "AND",
    "OR NOT",
    "-",
    "^",
    "%7B%7D",
    "%27%3B+DROP+TABLE+x%3B--",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "%F0%9F%98%80",
    "x" * 5000,
    "%C3%A9" * 3000,
    "-1",
    "0",
    "1.5",
    "1e9",
    "NaN",
    "Infinity",
    "999999999999999999999",
    "9" * 5000,
    "%EF%BC%91",  # full-width 1
    "+1",
    "%20",
    "",
]
# The classes of VALUES, one or two each, for the pages that are slower to draw.
SAMPLE = [
    "%22",
    "%00",
    "%ff%fe",
    "%ed%a0%80",
    "*",
    "%3Cscript%3E",
    "x" * 5000,
    "-1",
    "1.5",
    "999999999999999999999",
    "9" * 5000,
    "%EF%BC%91",
    "",
]
PARAMETERS = {
    "/recherche/": (["q", "page"], VALUES),
    "/histoires/": (["theme", "decade", "kind", "relation", "sort", "page"], SAMPLE),
    "/histoires/flux/": (["page"], SAMPLE),
    "/kit-de-partage/": (["theme", "page"], VALUES),
    "/sitemap.xml": (["p"], VALUES),
    "/": (["q"], SAMPLE),
    "/frises/": (["page"], SAMPLE),
    "/contribuer/": (["q"], SAMPLE),
    "/partage/{page}/x/": (["ancre", "message"], VALUES),
    "/charte/": (["page"], SAMPLE),
    "/frises/sport/": (["page"], SAMPLE),
    "/histoires/premier/": (["page"], SAMPLE),
    "/theme.css": (["v"], SAMPLE),
    "/robots.txt": (["v"], SAMPLE),
    "/admin/login/": (["next"], SAMPLE),
    "/django-admin/login/": (["next"], SAMPLE),
}
SEGMENTS = [
    "%00",
    "a%00b",
    "%22",
    "%27",
    "%ff",
    "%ed%a0%80",
    "%2e%2e",
    "..%2f..%2f",
    "%5c",
    "x" * 300,
    "x" * 5000,
    "999999999999999999999",
    "-1",
    "%F0%9F%98%80",
]
PATHS = [
    "/histoires/{}/",
    "/frises/{}/",
    "/{}/",
    "/contribuer/suivi/{}/",
    "/contribuer/suivi/{}/modifier/",
    "/contribuer/suivi/{}/retirer/",
    "/partage/{}/x/",
    "/partage/{page}/{}/",
    "/partage/carte/{}/abc/",
    "/partage/carte/{page}/{}/",
    "/media/{}",
    "/media/original_images/{}",
    "/media/contributions/originals/{}",
    "/documents/{}/x.pdf",
    "/documents/1/{}",
]


@pytest.fixture
def site(home, story_index, settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    story = make_story(story_index, title="Le premier ordinateur", slug="premier")
    make_timeline(home, title="Le sport", slug="sport").save_revision().publish()
    make_share_kit(home).save_revision().publish()
    make_standard_page(home, title="Charte", slug="charte").save_revision().publish()
    from stories.models import ContributionPage

    home.add_child(instance=ContributionPage(title="Contribuer", slug="contribuer"))
    return {"page": story.pk}


def errors(client, urls, **headers):
    """The URLs (shortened) that answer a 500, or a status no hostile input calls for."""
    client.raise_request_exception = False
    failed = []
    for url in urls:
        status = client.get(url, headers=headers).status_code
        if status >= 500 or (status >= 400 and status not in (400, 404, 405, 410, 416)):
            failed.append((status, url[:160]))
    return failed


def test_public_pages_answer_hostile_query_values_with_a_4xx_or_their_page(client, site):
    urls = []
    for path, (names, values) in PARAMETERS.items():
        url = path.format(**site)
        for name in names:
            urls += [f"{url}?{name}={value}" for value in values]
            urls.append(f"{url}?{name}=1&{name}=%00&{name}=%22")
        urls.append(f"{url}?%00=%00")

    assert errors(client, urls) == []


def test_public_addresses_answer_hostile_path_segments_with_a_4xx(client, site):
    urls = [pattern.format(segment, **site) for pattern in PATHS for segment in SEGMENTS]

    assert errors(client, urls) == []


def test_search_answers_every_hostile_query_with_its_normal_page(client, site):
    for value in VALUES:
        response = client.get(f"/recherche/?q={value}")
        assert response.status_code == 200, value[:50]
        assert b"<main" in response.content


@pytest.mark.parametrize(
    "header",
    [
        "bytes=" + "9" * 5000 + "-",
        "bytes=0-" + "9" * 5000,
        "bytes=-" + "9" * 5000,
        "bytes=99999999999999999999-",
        "bytes=5-1",
        "bytes=--1",
        "bytes=0-1,2-3",
        "bytes=\x00-1",
        "items=0-1",
        "bytes=" + "0-1," * 2000,
    ],
)
def test_the_media_route_answers_absurd_ranges_with_416(client, site, header):
    from tests.builders import make_image

    image = make_image()

    response = client.get(image.file.url, headers={"Range": header})

    assert response.status_code == 416


HEADERS = [
    {"If-Modified-Since": "x" * 5000},
    {"If-Modified-Since": "Mon, 99 Foo 99999999999 99:99:99 GMT"},
    {"Accept-Language": "x" * 5000},
    {"Accept-Language": "fr;q=" + "9" * 5000},
    {"Cookie": "sessionid=" + "%00" * 100},
    {"Cookie": "csrftoken=" + "x" * 5000},
    {"Referer": "%00" * 10},
    {"X-Forwarded-For": "x" * 5000},
    {"If-Range": "x", "Range": "bytes=0-1"},
]


def test_public_pages_answer_hostile_headers_with_a_4xx_or_their_page(client, site):
    from tests.builders import make_image

    urls = ["/", "/histoires/", "/recherche/?q=ordinateur", make_image().file.url]

    for headers in HEADERS:
        assert errors(client, urls, **headers) == [], headers


def test_an_encoded_path_reaches_the_same_answer(client, site):
    assert client.get("/histoires/" + quote("premier") + "/").status_code == 200
