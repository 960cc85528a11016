"""`make bench`: SQL queries and response times of the public pages, with the demo and with
thousands of generated stories. Reports figures; asserts nothing (the tests do that).

Runs on its own SQLite database under bench-results/ unless DATABASE_URL is set.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"


def setup_django():
    RESULTS.mkdir(exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{RESULTS / 'bench.sqlite3'}")
    os.environ.setdefault("MEDIA_ROOT", str(RESULTS / "media"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "centenaire.settings.dev")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def pages_to_measure():
    from stories.models import StoryIndexPage, StoryPage, TimelinePage

    index = StoryIndexPage.objects.first()
    story = StoryPage.objects.live().order_by("pk").first()
    timeline = TimelinePage.objects.live().order_by("pk").first()
    return {
        "home": "/",
        "story list": index.url,
        "story list, 3 filters": f"{index.url}?theme=sport&decade=1980&kind=anecdote",
        "story list, page 50": f"{index.url}?page=50",
        "story page": story.url,
        "timeline": timeline.url,
        "search": "/recherche/?q=Roland",
        "feed": f"{index.url}flux/",
    }


def measure(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm renditions and the site cache
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return status, len(queries), statistics.median(timings), max(timings)


def report(label, client, repeat):
    from stories.models import StoryPage

    count = StoryPage.objects.live().count()
    print(f"\n{label}: {count} live stories")
    print(f"  {'page':<24}{'status':>7}{'queries':>9}{'median ms':>11}{'max ms':>9}")
    for name, url in pages_to_measure().items():
        status, queries, median, worst = measure(client, url, repeat)
        print(f"  {name:<24}{status:>7}{queries:>9}{median:>11.1f}{worst:>9.1f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command

    # Keep one connection across requests, as production does with CONN_MAX_AGE.
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test import Client

    from stories.models import StoryPage

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    client = Client(HTTP_HOST="127.0.0.1")
    report("Demo", client, args.repeat)
    missing = args.stories - StoryPage.objects.count()
    if missing > 0:
        start = time.perf_counter()
        call_command("generate_stories", count=missing, verbosity=0)
        print(f"\ngenerate_stories: {missing} stories in {time.perf_counter() - start:.0f} s")
    report(f"With generated stories (target {args.stories})", client, args.repeat)


if __name__ == "__main__":
    main()
