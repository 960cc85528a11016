"""In real Chromium: the emblem at the top of the Wagtail admin's sidebar keeps the box of a
logo when the settings have none. The fallback, static/favicon.svg, has no size of its own
(an SVG with a viewBox only), and a width of 100 % drew it as wide as the sidebar, 200 px."""

import pytest

from stories.models import CentenarySettings
from tests.builders import make_image, make_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "motdepasse-long-42"
SIDEBAR_LOGO = ".sidebar-custom-branding img"


def logged_in_dashboard(page, base, django_user_model):
    django_user_model.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(base + "/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def logo_box(page):
    """The logo's rendered width and height in CSS pixels, once it is drawn."""
    logo = page.locator(SIDEBAR_LOGO)
    logo.evaluate("img => img.decode()")
    box = logo.bounding_box()
    return round(box["width"]), round(box["height"])


def set_logo(home, image):
    centenary = CentenarySettings.for_site(home.get_site())
    centenary.logo = image
    centenary.save()


def slim_sidebar(page, base, slim):
    """Wagtail draws the sidebar slim (60 px) or wide after its cookie."""
    page.context.add_cookies(
        [{"name": "wagtail_sidebar_collapsed", "value": "1" if slim else "0", "url": base}]
    )
    page.reload()
    sidebar = page.locator(".sidebar--slim" if slim else ".sidebar:not(.sidebar--slim)")
    sidebar.wait_for()
    return round(sidebar.bounding_box()["width"])


def test_without_a_logo_the_sidebar_emblem_has_the_box_of_a_square_logo(
    page, live_server, django_user_model
):
    home = make_site()
    logged_in_dashboard(page, live_server.url, django_user_model)
    assert "favicon.svg" in page.locator(SIDEBAR_LOGO).get_attribute("src")
    fallback = logo_box(page)
    slim_width = slim_sidebar(page, live_server.url, slim=True)
    fallback_in_slim = logo_box(page)
    slim_sidebar(page, live_server.url, slim=False)

    set_logo(home, make_image(size=(400, 400)))
    page.reload()
    assert "favicon.svg" not in page.locator(SIDEBAR_LOGO).get_attribute("src")

    assert fallback == logo_box(page) == (96, 96)
    assert fallback_in_slim == (slim_width, slim_width)  # narrower than 96: it shrinks
