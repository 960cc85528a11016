"""A page with a form that posts and no cache header of its own, for tests/stories/
test_page_cache.py: only the page cache's own rules can keep it out of the cache."""

from django.http import HttpResponse
from django.template import RequestContext, Template
from django.urls import path

FORM = Template('<form method="post">{% csrf_token %}<button>Envoyer</button></form>')


def form_page(request):
    return HttpResponse(FORM.render(RequestContext(request)))


urlpatterns = [path("formulaire/", form_page)]
