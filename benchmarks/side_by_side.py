"""This site's pages beside the official Wagtail demo's (wagtail/bakerydemo), measured the same
way in the same run: gunicorn with 2 sync workers and production settings on SQLite, loaded by
wrk (2 threads × 8 connections) on loopback, rounds interleaved (ours, the demo's, ours…), CPU
milliseconds per request read from /proc. Our pages are measured with the page cache off
(PAGE_CACHE=off: every request routed and rendered, fragments from the cache) and on.

    scripts/prepare-bakerydemo ../bakerydemo      # once: its venv, database and content
    python -m benchmarks.side_by_side --bakerydemo ../bakerydemo --stories 10000

Equivalent pages: story / blog post, story list / blog index, timeline / breads index, home /
home. Writes bench/side-by-side.md and .json. Reports figures; asserts nothing.
"""

import argparse
import datetime
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from benchmarks.http import OUT, Server, prepare_site

DEMO_PAGES = {
    "story": "/blog/wild-yeast/",
    "list": "/blog/",
    "timeline": "/breads/",
    "home": "/",
}
WRK = shutil.which("wrk") or "wrk"  # Debian's package: apt-get install wrk
OURS = {"story": "story", "list": "list", "timeline": "timeline", "home": "home"}


def demo_environment(directory):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.production",
            "DJANGO_SECRET_KEY": "b" * 60,
            "DATABASE_URL": f"sqlite:///{Path(directory).resolve() / 'bakerydemodb'}",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
        }
    )
    return env


def wrk(port, path, seconds):
    """requests, requests per second, p50 and p99 in ms, responses other than 2xx/3xx."""
    output = subprocess.run(  # noqa: S603 - our own command line
        [
            WRK,
            "-t2",
            "-c8",
            f"-d{seconds}s",
            "--timeout",
            "60s",
            "--latency",
            "-H",
            "Host: 127.0.0.1",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests": requests,
        "req_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": latency(output, "50%"),
        "p99_ms": latency(output, "99%"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def latency(output, percent):
    value, unit = re.search(rf"{percent}\s+([\d.]+)(us|ms|s)", output).groups()
    return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)


def warm(port, path, requests=8):
    """Each worker's first requests (imports, renditions, fragments) before the clock starts."""
    for _ in range(requests):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        connection.getresponse().read()
        connection.close()


def measure(server, path, seconds):
    warm(server.port, path)
    before = server.cpu_seconds()
    row = wrk(server.port, path, seconds)
    cpu = server.cpu_seconds() - before
    row["cpu_ms_per_request"] = round(cpu * 1000 / row["requests"], 2) if row["requests"] else None
    return row


def run_size(label, ours_env, demo, seconds, rounds):
    from benchmarks.http import page_urls

    urls = page_urls()
    runs = {name: {"ours": [], "ours_cached": [], "demo": []} for name in OURS}
    for round_number in range(1, rounds + 1):
        for name in OURS:
            with Server(ours_env, cached=False) as server:
                runs[name]["ours"].append(measure(server, urls[OURS[name]], seconds))
            with Server(
                demo["env"],
                cached=False,
                app="bakerydemo.wsgi",
                directory=demo["directory"],
                gunicorn=demo["gunicorn"],
            ) as server:
                runs[name]["demo"].append(measure(server, DEMO_PAGES[name], seconds))
            with Server(ours_env, cached=True) as server:
                runs[name]["ours_cached"].append(measure(server, urls[OURS[name]], seconds))
            ours, theirs = runs[name]["ours"][-1], runs[name]["demo"][-1]
            print(
                f"  {label} round {round_number} {name}: ours {ours['req_per_s']} req/s "
                f"({ours['cpu_ms_per_request']} ms CPU), demo {theirs['req_per_s']} req/s "
                f"({theirs['cpu_ms_per_request']} ms CPU)"
            )
    return {"label": label, "runs": runs}


def median_row(rows):
    """The round with the median requests per second (the lower middle of an even count),
    so that its CPU figure is that same round's."""
    ranked = sorted(rows, key=lambda row: row["req_per_s"])
    return ranked[(len(ranked) - 1) // 2] if ranked else None


def markdown(report):
    lines = [
        f"# This site beside the Wagtail demo, {report['date']}",
        "",
        f"{report['machine']}. Both served by gunicorn, 2 sync workers, production settings, "
        f"SQLite; wrk 2 threads × 8 connections, {report['seconds']} s per page and round, "
        f"{report['rounds']} interleaved rounds (the median round shown, the lower middle of an "
        "even count); CPU ms: the workers' user + system time per request. Ours uncached: "
        "PAGE_CACHE=off (each request routed and rendered; fragments from the worker's "
        "memory, else Redis). "
        "Demo: wagtail/bakerydemo "
        f"{report['demo_commit']}, its own production settings. Load average at the end: "
        f"{report['load_average_at_end']}. `python -m benchmarks.side_by_side` writes this file.",
        "",
    ]
    for size in report["sizes"]:
        lines += [
            f"## {size['label']}",
            "",
            "| page (ours / demo) | ours uncached req/s | CPU ms | demo req/s | CPU ms "
            "| uncached ratio | ours cached req/s | errors |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for name, runs in size["runs"].items():
            ours, demo = median_row(runs["ours"]), median_row(runs["demo"])
            cached = median_row(runs["ours_cached"])
            errors = sum(row["errors"] for rows in runs.values() for row in rows)
            ratio = round(ours["req_per_s"] / demo["req_per_s"], 2) if demo["req_per_s"] else "–"
            lines.append(
                f"| {name} / {DEMO_PAGES[name]} | {ours['req_per_s']} | "
                f"{ours['cpu_ms_per_request']} | {demo['req_per_s']} | "
                f"{demo['cpu_ms_per_request']} | {ratio} | {cached['req_per_s']} | {errors} |"
            )
        lines.append("")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bakerydemo", required=True, help="A prepared bakerydemo checkout.")
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="Reuse the last bench database.")
    parser.add_argument("--demo-version", default="", help="The demo's commit, if not a clone.")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    directory = Path(args.bakerydemo).resolve()
    demo = {
        "directory": directory,
        "gunicorn": directory / "venv" / "bin" / "gunicorn",
        "env": demo_environment(directory),
    }
    env = prepare_site(keep=args.keep)
    from django.core.management import call_command

    from stories.models import StoryPage

    sizes = []
    if StoryPage.objects.count() < args.stories or not args.keep:
        sizes.append(run_size("Demo size", env, demo, args.seconds, args.rounds))
    missing = args.stories - StoryPage.objects.count()
    if missing > 0:
        call_command("generate_stories", count=missing, verbosity=0)
    if args.stories > 0:  # --stories 0: the demo size only
        label = f"{args.stories} stories (ours)"
        sizes.append(run_size(label, env, demo, args.seconds, args.rounds))
    commit = subprocess.run(  # noqa: S603
        ["git", "-C", str(directory), "rev-parse", "--short", "HEAD"],  # noqa: S607
        capture_output=True,
        text=True,
    ).stdout.strip()
    report = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} CPU",
        "load_average_at_end": [round(value, 2) for value in os.getloadavg()],
        "seconds": args.seconds,
        "rounds": args.rounds,
        "demo_commit": commit or args.demo_version or "(version not known)",
        "sizes": sizes,
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "side-by-side.json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    (OUT / "side-by-side.md").write_text(markdown(report) + "\n")
    print(markdown(report))


if __name__ == "__main__":
    main()
