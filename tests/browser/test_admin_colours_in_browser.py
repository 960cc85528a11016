"""In real Chromium: Wagtail's login page takes the centenary's colours from the settings
(the properties of /admin/theme.css are the ones Wagtail reads, and win over its own), and
a change of the settings shows at the next visit."""

import re

import pytest

from tests.builders import make_site
from tests.stories.test_admin_colours import GREEN, YELLOW, set_colours

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def rgb(hex_colour):
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def computed(page, selector, prop):
    value = page.locator(selector).first.evaluate(
        "(element, prop) => getComputedStyle(element)[prop]", prop
    )
    return tuple(round(float(c)) for c in re.findall(r"[\d.]+", value)[:3])


def close_to(colour, expected, tolerance=2):
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def test_the_admin_login_follows_the_colours_of_the_settings(page, live_server):
    home = make_site()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/admin/login/")
    assert close_to(computed(page, "button[type=submit]", "backgroundColor"), rgb("#0f3b7a"))
    assert close_to(computed(page, ".content-wrapper", "borderTopColor"), rgb("#f2a93b"))

    set_colours(home, GREEN, YELLOW)
    page.reload()

    assert close_to(computed(page, "button[type=submit]", "backgroundColor"), rgb(GREEN))
    assert close_to(computed(page, ".content-wrapper", "borderTopColor"), rgb(YELLOW))
    heading = computed(page, "h1", "color")  # Wagtail's primary: the same green, darker
    assert heading[1] > heading[0] and heading[1] > heading[2]
    assert sum(heading) < sum(rgb(GREEN))
