from django.core.exceptions import ValidationError

import pytest

from stories.colours import contrast_ratio
from stories.models import CentenarySettings


def settings_with(**fields):
    values = {"founding_year": 1914, "anniversary_year": 2014, **fields}
    return CentenarySettings(**values)


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_demo_colours_pass():
    settings_with(primary_colour="#0f3b7a", accent_colour="#f2a93b").clean()


def test_a_primary_colour_too_light_for_text_on_white_is_refused():
    with pytest.raises(ValidationError) as error:
        settings_with(primary_colour="#88aadd", accent_colour="#000000").clean()

    assert "primary_colour" in error.value.message_dict


def test_an_accent_unreadable_on_the_primary_colour_is_refused():
    with pytest.raises(ValidationError) as error:
        settings_with(primary_colour="#0f3b7a", accent_colour="#3355aa").clean()

    assert "accent_colour" in error.value.message_dict


def test_anniversary_must_follow_foundation():
    with pytest.raises(ValidationError) as error:
        settings_with(anniversary_year=1900).clean()

    assert "anniversary_year" in error.value.message_dict


def test_decades_cover_the_whole_century():
    decades = settings_with(founding_year=1914, anniversary_year=2014).decades

    assert decades[0] == 1910 and decades[-1] == 2010 and len(decades) == 11
