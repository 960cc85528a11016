"""Rendered fragments (story and timeline cards, the footer) cached with Django's ``{% cache %}``
tag: the key holds what the fragment shows (the page's id and publication time) and the site
cache's generation (stories/cache.py), so any publication, image, video, theme or settings
change renders them again. The picture tags of a card (several image operations each) are
then paid once per generation instead of on every request."""

from django import template

from stories.cache import generation

register = template.Library()


@register.simple_tag
def fragment_generation():
    return generation()
