"""The Wagtail admin wears the centenary's colours from its settings: the login page and the
dashboard link a stylesheet made from CentenarySettings (no inline style), which follows a
change of the settings at once and is otherwise answered 304."""

import colorsys
import re

from django.urls import reverse

import pytest

from stories.colours import hsl
from stories.models import CentenarySettings

pytestmark = pytest.mark.django_db

SHEET = reverse("admin_theme_css")
GREEN, YELLOW = "#1d5e20", "#ffd75e"  # readable together and on white, as the settings ask


def admin_pages(client, django_user_model):
    login = client.get(reverse("wagtailadmin_login")).content.decode()
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "x"))
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    return {"login": login, "dashboard": dashboard}


def properties(css):
    return dict(re.findall(r"(--[\w-]+):\s*([^;]+);", css))


def colour_of(css, name):
    """The #rrggbb that Wagtail's hsl(var(--w-color-NAME-hue) …) makes of the sheet."""
    values = properties(css)
    hue, saturation, lightness = (
        float(values[f"--w-color-{name}-{part}"].rstrip("%"))
        for part in ("hue", "saturation", "lightness")
    )
    r, g, b = colorsys.hls_to_rgb(hue / 360, lightness / 100, saturation / 100)
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in (r, g, b))


def set_colours(home, primary, accent):
    centenary = CentenarySettings.for_site(home.get_site())
    centenary.primary_colour, centenary.accent_colour = primary, accent
    centenary.full_clean()
    centenary.save()


def test_the_login_page_and_the_dashboard_link_the_colour_sheet_and_carry_no_inline_style(
    client, home, django_user_model
):
    for name, html in admin_pages(client, django_user_model).items():
        assert f'<link rel="stylesheet" href="{SHEET}">' in html, name
        assert "<style" not in html and " style=" not in html, name


def test_the_login_page_sheet_is_served_to_a_visitor_not_yet_logged_in(client, home):
    response = client.get(SHEET)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"


def test_the_sheet_gives_wagtail_the_main_colour_and_the_accent_of_the_settings(client, home):
    css = client.get(SHEET).content.decode()

    assert colour_of(css, "secondary") == "#0f3b7a"  # the demo's default main colour
    assert properties(css)["--centenary-accent"] == "#f2a93b"
    assert hsl(colour_of(css, "primary"))[0] == pytest.approx(hsl("#0f3b7a")[0], abs=1)
    assert hsl(colour_of(css, "primary"))[2] < hsl("#0f3b7a")[2]  # the sidebar, darker


def test_changing_the_settings_changes_the_admin_colours_at_once(client, home):
    before = client.get(SHEET)
    assert client.get(SHEET, headers={"if-none-match": before["ETag"]}).status_code == 304

    set_colours(home, GREEN, YELLOW)

    after = client.get(SHEET, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200  # the browser's copy is stale: the new sheet comes
    css = after.content.decode()
    assert colour_of(css, "secondary") == GREEN
    assert hsl(colour_of(css, "primary"))[0] == pytest.approx(hsl(GREEN)[0], abs=1)
    assert properties(css)["--centenary-accent"] == YELLOW
    assert after["ETag"] != before["ETag"]
    assert "no-cache" in after["Cache-Control"]


def test_the_sheet_numbers_stay_css_in_french(client, home, settings):
    settings.LANGUAGE_CODE = "fr"

    css = client.get(SHEET, headers={"accept-language": "fr"}).content.decode()

    assert properties(css)["--w-color-secondary-hue"] == "215.3"  # not « 215,3 »
