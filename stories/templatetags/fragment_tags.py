"""Rendered fragments (a page's content, cards, the menu, the footer) cached per publication
and generation::

    {% fragment "story-page" page.pk page.last_published_at %}…{% endfragment %}

The key holds what the fragment shows (the values given) plus the site cache's generation
(stories/cache.py), the language and the host, so any publication, image, video, theme or
settings change renders them again. A preview (Wagtail's dummy request) always renders its
draft; a value of None among the values given renders it without caching. The work inside a
fragment (queries made lazily by the page's context, picture tags, StreamField blocks) is
then paid once per generation instead of on every request, with the page cache off too: for
an editor browsing with a session, or a list with a filter the page cache does not keep.

A cache server that does not answer costs the fragment its caching, never the page.
"""

import logging

from django import template
from django.core.cache.utils import make_template_fragment_key
from django.utils.translation import get_language

from stories.cache import generation, lookup, store

logger = logging.getLogger(__name__)
PREVIEW_FLAGS = ("is_dummy", "is_preview")  # Wagtail's preview and moderation requests
register = template.Library()


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("'fragment' needs a name and what it varies on.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    name = parser.compile_filter(bits[1])
    return FragmentNode(nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]])


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        request = context.get("request")
        if request is None or any(getattr(request, flag, False) for flag in PREVIEW_FLAGS):
            return self.nodelist.render(context)
        try:
            key = self.key(context, request)
            if key is None:
                return self.nodelist.render(context)
            stored = lookup(key)
        except Exception:  # the cache server is down: render, uncached
            logger.warning("Fragment cache unavailable", exc_info=True)
            return self.nodelist.render(context)
        if stored is not None:
            return stored
        html = self.nodelist.render(context)
        try:
            store(key, html)
        except Exception:
            logger.warning("Fragment cache unavailable: %s not stored", key, exc_info=True)
        return html

    def key(self, context, request):
        parts = [part.resolve(context) for part in self.vary_on]
        if None in parts:
            return None  # a request the cache should not remember (an odd page number)
        parts += [generation(), get_language(), request.get_host()]
        return make_template_fragment_key(str(self.name.resolve(context)), parts)
