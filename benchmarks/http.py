"""`make bench`: the public pages served by gunicorn (2 sync workers, production settings) on
loopback, loaded by a small Python load generator (threads, one connection each), with the
page cache off and on, at the demo size and with BENCH_STORIES stories (10,000 by default).

For each page: requests per second, p50 and p99 latency, CPU milliseconds per request (the
workers' user + system time read from /proc, divided by the requests served), and the SQL
queries of one uncached request (Django's test client in this process, same database).
Memory per worker (RSS) after each run. Ratio of each cached page to the static file served
the same way. Results: bench/<date>.json and bench/latest.md (the latest run, committed).

    python -m benchmarks.http --stories 10000 --seconds 3 --threads 8

Runs on its own SQLite database under bench-results/ (kept between runs with --keep).
Reports figures; asserts nothing (the tests do that).
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
OUT = ROOT / "bench"
TICKS = os.sysconf("SC_CLK_TCK")
PAGES = [
    "home",
    "list",
    "filtered list",
    "story",
    "timeline",
    "search",
    "feed",
    "share card",
    "static file",
]


def setup_django(*, keep=False):
    """Django in this process on the bench's own SQLite database (bench-results/), started
    from the demo alone unless ``keep``, so that the first figures are the demo's."""
    RESULTS.mkdir(exist_ok=True)
    if not keep and "DATABASE_URL" not in os.environ:
        for path in RESULTS.glob("bench.sqlite3*"):
            path.unlink()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{RESULTS / 'bench.sqlite3'}")
    os.environ.setdefault("MEDIA_ROOT", str(RESULTS / "media"))
    os.environ.setdefault("CACHE_DIR", str(RESULTS / "cache"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "centenaire.settings.dev")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def page_urls():
    from django.contrib.staticfiles.storage import staticfiles_storage

    from wagtail.models import Site

    from stories.models import CentenarySettings, StoryIndexPage, StoryPage, TimelinePage
    from stories.routing import subpage_url
    from stories.sharing.service import card_url

    index = StoryIndexPage.objects.first()
    story = StoryPage.objects.live().order_by("pk").first()
    timeline = TimelinePage.objects.live().order_by("pk").first()
    centenary = CentenarySettings.for_site(Site.objects.get(is_default_site=True))
    return {
        "home": "/",
        "list": index.url,
        "filtered list": f"{index.url}?theme=sport&decade=1980&kind=anecdote",
        "story": story.url,
        "timeline": timeline.url,
        "search": "/recherche/?q=Roland",
        "feed": subpage_url(index, "feed"),
        "share card": card_url(story, centenary),
        "static file": staticfiles_storage.url("css/site.css"),
    }


def query_counts(urls):
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    counts = {}
    client = Client(HTTP_HOST="127.0.0.1")
    with override_settings(PAGE_CACHE_ENABLED=False):
        for name, url in urls.items():
            response = client.get(url)  # warm renditions and the site cache
            if response.streaming:
                b"".join(response.streaming_content)
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
                if response.streaming:
                    b"".join(response.streaming_content)
            counts[name] = len(queries)
    return counts


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn, 2 sync workers, production settings, on a loopback port: this site, or
    another Django project (``app`` in ``directory``, its own ``gunicorn``) measured beside it.
    """

    def __init__(self, env, *, cached, app="centenaire.wsgi", directory=ROOT, gunicorn=None):
        self.port = free_port()
        self.env = {**env, "PAGE_CACHE": "on" if cached else "off"}
        self.app, self.directory = app, directory
        self.gunicorn = gunicorn or Path(sys.executable).parent / "gunicorn"
        self.process = None

    def __enter__(self):
        import redis

        if "REDIS_URL" in self.env:  # nothing from the last run
            redis.Redis.from_url(self.env["REDIS_URL"]).flushdb()
        self.process = subprocess.Popen(  # noqa: S603 - our own command line
            [
                str(self.gunicorn),
                self.app,
                "--workers",
                "2",
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--no-control-socket",
                "--config",
                str(ROOT / "benchmarks" / "gunicorn_bench.py"),  # not ./gunicorn.conf.py
                "--log-level",
                "warning",
            ],
            cwd=self.directory,
            env=self.env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        while len(self.workers()) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def workers(self):
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    def cpu_seconds(self):
        """The workers' CPU time, those already replaced included (the arbiter's children)."""
        fields = self.stat(self.process.pid)
        total = int(fields[13]) + int(fields[14])  # cutime, cstime: reaped workers
        for pid in self.workers():
            fields = self.stat(pid)
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / TICKS

    @staticmethod
    def stat(pid):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()

    def memory_mib(self):
        sizes = []
        for pid in self.workers():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        return sizes


def load(port, url, seconds, threads):
    """Requests from ``threads`` threads for ``seconds``: count, latencies, statuses."""
    latencies, statuses, lock = [], {}, threading.Lock()
    stop = time.monotonic() + seconds

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, codes = [], {}
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                connection.request("GET", url, headers={"Host": "127.0.0.1"})
                response = connection.getresponse()
                response.read()
                if response.will_close:
                    connection.close()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                status = "error"
            mine.append(time.perf_counter() - start)
            codes[status] = codes.get(status, 0) + 1
        connection.close()
        with lock:
            latencies.extend(mine)
            for code, count in codes.items():
                statuses[code] = statuses.get(code, 0) + count

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return latencies, statuses, time.perf_counter() - started


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] if ordered else 0.0


def measure(server, urls, seconds, threads):
    rows = {}
    for name in PAGES:
        url = urls[name]
        for _ in range(4):  # warm both workers (renditions, caches, imports)
            load(server.port, url, 0.3, 2)
        before = server.cpu_seconds()
        latencies, statuses, elapsed = load(server.port, url, seconds, threads)
        cpu = server.cpu_seconds() - before
        count = len(latencies)
        rows[name] = {
            "url": url,
            "requests": count,
            "statuses": {str(code): n for code, n in statuses.items()},
            "req_per_s": round(count / elapsed, 1),
            "p50_ms": round(statistics.median(latencies) * 1000, 2) if latencies else None,
            "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
            "cpu_ms_per_request": round(cpu * 1000 / count, 2) if count else None,
        }
    return rows, [round(size, 1) for size in server.memory_mib()]


def run_size(label, env, seconds, threads):
    from stories.models import StoryPage

    urls = page_urls()
    result = {
        "label": label,
        "live_stories": StoryPage.objects.live().count(),
        "sql_queries": query_counts(urls),
    }
    for mode, cached in (("uncached", False), ("cached", True)):
        with Server(env, cached=cached) as server:
            rows, memory = measure(server, urls, seconds, threads)
        result[mode] = rows
        result[f"{mode}_worker_rss_mib"] = memory
        print(f"  {label}, {mode}: " + ", ".join(f"{n} {r['req_per_s']}" for n, r in rows.items()))
    static = result["cached"]["static file"]["req_per_s"]
    result["cached_to_static"] = {
        name: round(row["req_per_s"] / static, 2)
        for name, row in result["cached"].items()
        if name != "static file"
    }
    return result


def server_environment():
    redis_db = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "centenaire.settings.production",
            "DJANGO_SECRET_KEY": uuid.uuid4().hex * 3,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_BASE_URL": "http://127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_ROOT": str(RESULTS / "static"),
            "REDIS_URL": redis_db,
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def prepare_site(*, keep=False):
    """The bench's database migrated with the demo loaded, its static files collected: the
    environment gunicorn serves it with."""
    setup_django(keep=keep)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    env = server_environment()
    env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    env["MEDIA_ROOT"] = os.environ["MEDIA_ROOT"]
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return env


def markdown(report):
    lines = [
        f"# Benchmark {report['date']}",
        "",
        f"{report['machine']}; gunicorn 2 sync workers, production settings, SQLite, "
        f"Redis cache; {report['threads']} client threads × {report['seconds']} s per page "
        "(Python load generator on the same machine). CPU ms: the workers' user + system "
        "time per request. `make bench` writes this file; figures vary with the machine "
        f"(load average at the end: {report['load_average_at_end']}).",
        "",
    ]
    for size in report["sizes"]:
        lines += [
            f"## {size['label']}: {size['live_stories']} live stories",
            "",
            "| page | SQL | uncached req/s | p50 ms | p99 ms | CPU ms | cached req/s | p50 ms "
            "| p99 ms | CPU ms | cached / static |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for name in PAGES:
            u, c = size["uncached"][name], size["cached"][name]
            ratio = size["cached_to_static"].get(name, 1.0)
            lines.append(
                f"| {name} | {size['sql_queries'][name]} | {u['req_per_s']} | {u['p50_ms']} | "
                f"{u['p99_ms']} | {u['cpu_ms_per_request']} | {c['req_per_s']} | {c['p50_ms']} "
                f"| {c['p99_ms']} | {c['cpu_ms_per_request']} | {ratio} |"
            )
        lines += [
            "",
            f"Worker memory (RSS, MiB): uncached {size['uncached_worker_rss_mib']}, "
            f"cached {size['cached_worker_rss_mib']}.",
            "",
        ]
        bad = {
            f"{mode}/{name}": row["statuses"]
            for mode in ("uncached", "cached")
            for name, row in size[mode].items()
            if set(row["statuses"]) != {"200"}
        }
        if bad:
            lines += [f"Responses other than 200: {bad}", ""]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="Reuse the last run's database.")
    args = parser.parse_args()
    # Stopped (SIGTERM): leave through the context managers, which stop gunicorn.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    env = prepare_site(keep=args.keep)
    from django.core.management import call_command

    from stories.models import StoryPage

    sizes = []
    print("Demo")
    sizes.append(run_size("Demo", env, args.seconds, args.threads))
    missing = args.stories - StoryPage.objects.count()
    if missing > 0:
        start = time.perf_counter()
        call_command("generate_stories", count=missing, verbosity=0)
        print(f"generate_stories: {missing} stories in {time.perf_counter() - start:.0f} s")
    print(f"{args.stories} stories")
    sizes.append(run_size(f"{args.stories} stories", env, args.seconds, args.threads))
    now = datetime.datetime.now(datetime.UTC)
    report = {
        "date": now.strftime("%Y-%m-%d %H:%M UTC"),
        "load_average_at_end": [round(value, 2) for value in os.getloadavg()],
        "machine": f"{os.cpu_count()} CPU, {platform.python_implementation()} "
        f"{platform.python_version()}",
        "threads": args.threads,
        "seconds": args.seconds,
        "sizes": sizes,
    }
    OUT.mkdir(exist_ok=True)
    (OUT / f"{now:%Y-%m-%dT%H%M}.json").write_text(json.dumps(report, indent=2) + "\n")
    (OUT / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    (OUT / "latest.md").write_text(markdown(report) + "\n")
    print(markdown(report))


if __name__ == "__main__":
    main()
