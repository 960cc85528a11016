"""Routable pages hand their sub-URLs to views named by dotted path, as a URLconf does.

The model layer declares *which* URLs a page answers (Wagtail's ``@path``); the view layer
decides *how*. Naming the view by its path keeps the import graph one way: views import
models, never the reverse.
"""

from django.utils.module_loading import import_string


def answer_with(view_path, request, page, *args, **kwargs):
    """Call the view at ``view_path`` as ``view(request, page, *args, **kwargs)``."""
    return import_string(view_path)(request, page, *args, **kwargs)


def subpage_url(page, route, *args, request=None):
    """The address of one of ``page``'s routes, as Wagtail's ``{% routablepageurl %}`` makes
    it: the page's URL (relative to its site) and the route reversed."""
    return page.get_url(request) + page.reverse_subpage(route, args=args)
