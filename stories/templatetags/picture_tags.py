"""``{% picture_of image "card" sizes="…" %}``: Wagtail's <picture>, drawn from the specs of
stories/renditions.py, the same list the views prefetch, so the two cannot drift apart."""

from django import template

from wagtail.images.models import Filter, Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

from stories.renditions import PICTURES

register = template.Library()


@register.simple_tag
def picture_of(image, kind, **attrs):
    """A <picture> of ``image`` in the renditions named ``kind`` (card, lead, body, thumb)."""
    if not image:
        return ""
    filters = [Filter(spec=spec) for spec in PICTURES[kind]]
    return Picture(get_renditions_or_not_found(image, filters), attrs).__html__()
