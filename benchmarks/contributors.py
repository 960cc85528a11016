"""`make bench`: 50 people sending the contribution form at once, on SQLite and PostgreSQL.

For each database (a fresh SQLite file, then a fresh PostgreSQL database of its own), this
starts gunicorn on loopback with the production settings (gunicorn.conf.py, the database task
queue with a `db_worker` beside it, mail kept in memory), migrates, seeds the site (home,
story list, contribution page), then runs two rounds of BENCH_SECONDS (60) each:

1. calm: BENCH_CONTRIBUTORS (50) contributors, each in a loop: GET the form (cookies, CSRF
   token, the signed form token), wait as long as the form requires of a person
   (CONTRIBUTION_MIN_SECONDS, plus up to a second), POST a story (one in three with a small
   JPEG photo), follow the 303 to the thank-you page;
2. under a long write: the same, while `manage.py generate_stories` adds thousands of stories
   under the same story list and another connection holds the database's write lock for
   BENCH_HOLD_SECONDS (4) every 10 s (SQLite: BEGIN IMMEDIATE; PostgreSQL: the story list's
   page row locked FOR UPDATE, which every new story under it needs).

Each answer is counted: accepted (303 to the thank-you page naming the story received),
refused politely (4xx with the form), 5xx, transport errors. Then the Contribution rows and
the StoryPage drafts the round added are counted in the database, and the references the
thank-you pages named are looked up: accepted must equal rows. The exit status is 1 if any
round lost or invented a contribution or answered 5xx.

Every contributor has an e-mail address of their own (the per-address ceiling is not what is
measured); all come from one loopback address, so the per-network ceiling is raised for the
bench with CONTRIBUTION_NETWORK_LIMIT (the output says so).

Results: bench/contributors-latest.json and bench/contributors.md. Variables:
BENCH_CONTRIBUTORS, BENCH_SECONDS, BENCH_HOLD_SECONDS, BENCH_DATABASES ("sqlite,postgres"),
BENCH_ROUNDS ("calm,long write"),
BENCH_POSTGRES (postgres://postgres@127.0.0.1:5432), WEB_CONCURRENCY / GUNICORN_THREADS
(gunicorn.conf.py's defaults otherwise).
"""

import io
import json
import os
import platform
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench"

CONTRIBUTORS = int(os.environ.get("BENCH_CONTRIBUTORS", "50"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "60"))
HOLD_SECONDS = float(os.environ.get("BENCH_HOLD_SECONDS", "4"))
HOLD_EVERY = 10.0
DATABASES = os.environ.get("BENCH_DATABASES", "sqlite,postgres").split(",")
ROUNDS = os.environ.get("BENCH_ROUNDS", "calm,long write").split(",")
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
NETWORK_LIMIT = 1_000_000
PHOTO_SHARE = 3  # one contribution in three carries a photo

sys.path.insert(0, str(ROOT))
from centenaire.settings.base import CONTRIBUTION_MIN_SECONDS  # noqa: E402
from tests.ops.servers import Gunicorn, production_environment  # noqa: E402

TITLES = [
    "Mon premier jour à Corbeil",
    "La panne de 1977",
    "Le pot de départ de Monique",
    "Quand le centre de calcul a déménagé",
    "La fête de Noël à La Gaude",
    "Notre équipe de football",
]
STORY = (
    "Le premier jour, on m’a confié une perforatrice et un classeur de cartes. Personne ne "
    "m’avait dit que ce serait le début de quarante ans de métier.\n\n"
    "Je me souviens du bruit des imprimantes, du café trop fort et de la patience de ceux qui "
    "m’ont appris le travail. {n}"
)


def small_jpeg(seed):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (seed % 255, 120, 40)).save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Databases


class SqliteDatabase:
    name = "sqlite"

    def __init__(self, folder):
        self.path = folder / "bench.sqlite3"
        self.url = f"sqlite:///{self.path}"

    def query(self, sql, *params):
        with sqlite3.connect(self.path, timeout=60) as db:
            return db.execute(sql.replace("%s", "?"), params).fetchall()

    def hold_write_lock(self, seconds, index_id):
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        try:
            db.execute("BEGIN IMMEDIATE")
            time.sleep(seconds)
            db.execute("ROLLBACK")
        finally:
            db.close()

    def drop(self):
        pass


class PostgresDatabase:
    name = "postgres"

    def __init__(self, folder):
        import psycopg

        self.psycopg = psycopg
        self.db_name = f"bench_contrib_{os.getpid()}"
        self.url = f"{POSTGRES}/{self.db_name}"
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {self.db_name} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {self.db_name}")

    def query(self, sql, *params):
        with self.psycopg.connect(self.url) as db:
            return db.execute(sql, params).fetchall()

    def hold_write_lock(self, seconds, index_id):
        with self.psycopg.connect(self.url) as db, db.transaction():
            db.execute("SELECT id FROM wagtailcore_page WHERE id = %s FOR UPDATE", (index_id,))
            time.sleep(seconds)

    def drop(self):
        with self.psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {self.db_name} WITH (FORCE)")


def counts(database):
    ((rows,),) = database.query("SELECT count(*) FROM stories_contribution")
    ((drafts,),) = database.query(
        "SELECT count(*) FROM stories_storypage s JOIN wagtailcore_page p "
        "ON p.id = s.page_ptr_id WHERE NOT p.live"
    )
    return rows, drafts


def known_references(database, references):
    found = set()
    references = list(references)
    for start in range(0, len(references), 500):
        chunk = references[start : start + 500]
        marks = ",".join(["%s"] * len(chunk))
        found.update(
            reference
            for (reference,) in database.query(
                f"SELECT reference FROM stories_contribution WHERE reference IN ({marks})",  # noqa: S608
                *chunk,
            )
        )
    return found


# ---------------------------------------------------------------------------------------------
# The site: production settings, gunicorn, a worker


class Site:
    def __init__(self, database, folder):
        self.database = database
        self.folder = folder
        (folder / "media").mkdir(exist_ok=True)
        # Production settings as the tests that start gunicorn use them
        # (tests/ops/servers.py), with static files from the finders instead of
        # collectstatic's manifest (not what is measured).
        self.env = production_environment(
            DJANGO_SETTINGS_MODULE="tests.security.gunicorn_settings",
            DATABASE_URL=database.url,
            MEDIA_ROOT=str(folder / "media"),
            CONTRIBUTION_STAGING_DIR=str(folder / "staged"),
            CONTRIBUTION_NETWORK_LIMIT=str(NETWORK_LIMIT),
            LOG_LEVEL="WARNING",
        )
        self.gunicorn = None
        self.processes = []
        self.logs = []

    def run(self, *command):
        result = subprocess.run(  # noqa: S603 - our own command lines
            command, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=900
        )
        if result.returncode != 0:
            raise RuntimeError(" ".join(command) + "\n" + result.stdout + result.stderr)
        return result.stdout

    def prepare(self):
        self.run(sys.executable, "manage.py", "migrate", "--noinput")
        seeded = json.loads(
            self.run(sys.executable, "-m", "tests.ops.two_nodes_seed").splitlines()[-1]
        )
        self.form_path = "/" + seeded["contribute"]
        ((self.index_id,),) = self.database.query(
            "SELECT page_ptr_id FROM stories_storyindexpage ORDER BY page_ptr_id LIMIT 1"
        )

    def start(self, name, command):
        log = open(self.folder / f"{name}.log", "wb")  # noqa: SIM115 (closed in stop)
        process = subprocess.Popen(  # noqa: S603 - our own command lines
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        self.processes.append(process)
        self.logs.append(log)
        return process

    @property
    def url(self):
        return self.gunicorn.url

    def serve(self):
        self.gunicorn = Gunicorn(self.env, self.folder / "gunicorn.log")
        self.start(
            "worker",
            [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--interval", "1"],
        )
        self.gunicorn.wait(self.form_path, seconds=90)

    def stop(self):
        if self.gunicorn is not None:
            self.gunicorn.stop()
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        for log in self.logs:
            log.close()

    def server_errors_logged(self):
        text = (self.folder / "gunicorn.log").read_text(errors="replace")
        return [line[:300] for line in text.splitlines() if '"status": 5' in line][:5]


# ---------------------------------------------------------------------------------------------
# Contributors


class Browser(requests.Session):
    """Production marks its cookies Secure; on loopback's plain http they go back anyway, as
    they would over https."""

    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", 120)
        response = super().request(*args, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False
        return response


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.accepted = 0
        self.refused = {}
        self.server_errors = {}
        self.transport_errors = {}
        self.unexpected = {}
        self.post_seconds = []
        self.cycle_seconds = []
        self.references = []
        self.photos = 0

    def add(self, field, key):
        with self.lock:
            getattr(self, field)[key] = getattr(self, field).get(key, 0) + 1


FIELD = r'name="{}"[^>]*value="([^"]*)"'


def hidden(html, name):
    match = re.search(FIELD.format(name), html) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', html
    )
    return match.group(1) if match else None


def contribute(site, tally, number, rng):
    browser = Browser()
    form_url = site.url + site.form_path
    started = time.monotonic()
    try:
        page = browser.get(form_url)
        if page.status_code != 200:
            tally.add("server_errors" if page.status_code >= 500 else "unexpected", "GET form")
            return
        csrf, token = hidden(page.text, "csrfmiddlewaretoken"), hidden(page.text, "form_token")
        # A person reads and types: the form drops what comes back faster than this.
        time.sleep(CONTRIBUTION_MIN_SECONDS + rng.uniform(0.2, 1.2))
        with_photo = number % PHOTO_SHARE == 0
        data = {
            "csrfmiddlewaretoken": csrf,
            "form_token": token,
            "name": f"Contributrice {number}",
            "email": f"bench-{number}-{uuid.uuid4().hex[:8]}@example.org",
            "relation": "alumnus",
            "years_at_company": "1968–2004",
            "display_choice": "initial",
            "title": f"{rng.choice(TITLES)} ({number})",
            "story": STORY.format(n=number),
            "year_start": str(rng.randint(1950, 2010)),
            "place": "Corbeil-Essonnes",
            "consent_publication": "on",
            "consent_guidelines": "on",
            "website": "",
        }
        files = None
        if with_photo:
            data.update(consent_people="on", caption_1="Devant l’usine")
            files = {"photo_1": ("photo.jpg", small_jpeg(number), "image/jpeg")}
        sent = time.monotonic()
        answer = browser.post(
            form_url, data=data, files=files, headers={"Referer": form_url}, allow_redirects=False
        )
        post_seconds = time.monotonic() - sent
    except requests.RequestException as error:
        tally.add("transport_errors", type(error).__name__)
        return
    with tally.lock:
        tally.post_seconds.append(post_seconds)
    status = answer.status_code
    if status >= 500:
        tally.add("server_errors", status)
        return
    if 400 <= status < 500:
        polite = 'name="form_token"' in answer.text
        tally.add("refused" if polite else "unexpected", status)
        return
    location = answer.headers.get("Location", "")
    if status != 303 or "recu=" not in location:
        tally.add("unexpected", f"{status} {location[:60]}")
        return
    try:
        thanks = browser.get(requests.compat.urljoin(form_url, location))
    except requests.RequestException as error:
        tally.add("transport_errors", f"thanks: {type(error).__name__}")
        return
    found = re.search(r"<strong>([A-Z0-9-]{4,12})</strong>", thanks.text)
    with tally.lock:
        tally.accepted += 1
        tally.photos += with_photo
        tally.cycle_seconds.append(time.monotonic() - started)
        if thanks.status_code == 200 and found:
            tally.references.append(found.group(1))
        else:
            tally.unexpected[f"thanks {thanks.status_code}"] = (
                tally.unexpected.get(f"thanks {thanks.status_code}", 0) + 1
            )


def contributor(site, tally, stop_at, seed, numbers):
    rng = random.Random(seed)  # noqa: S311 - varied test data
    time.sleep(rng.uniform(0, CONTRIBUTION_MIN_SECONDS))  # not all at the same instant
    while time.monotonic() < stop_at:
        contribute(site, tally, next(numbers), rng)


class Counter:
    def __init__(self, start):
        self.value = start
        self.lock = threading.Lock()

    def __iter__(self):
        return self

    def __next__(self):
        with self.lock:
            self.value += 1
            return self.value


def percentile(values, share):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


# ---------------------------------------------------------------------------------------------
# Rounds


class LongWrite:
    """generate_stories in a loop under the story list, and a write lock held now and then."""

    def __init__(self, site):
        self.site = site
        self.stopping = threading.Event()
        self.holds = 0
        self.generated_runs = 0

    def __enter__(self):
        self.generator = threading.Thread(target=self.generate, daemon=True)
        self.holder = threading.Thread(target=self.hold, daemon=True)
        self.generator.start()
        self.holder.start()
        return self

    def generate(self):
        """One generate_stories of thousands of stories, stopped when the round ends."""
        process = subprocess.Popen(
            [sys.executable, "manage.py", "generate_stories", "--count", "5000", "--seed", "7"],
            cwd=ROOT,
            env=self.site.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while process.poll() is None and not self.stopping.wait(0.5):
            pass
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)
        self.generated_runs += 1

    def hold(self):
        while not self.stopping.wait(HOLD_EVERY - HOLD_SECONDS):
            self.site.database.hold_write_lock(HOLD_SECONDS, self.site.index_id)
            self.holds += 1

    def __exit__(self, *exc):
        self.stopping.set()
        self.generator.join(timeout=60)
        self.holder.join(timeout=60)
        ((self.stories,),) = self.site.database.query(
            "SELECT count(*) FROM wagtailcore_page p JOIN stories_storypage s "
            "ON s.page_ptr_id = p.id WHERE p.live"
        )


def run_round(site, label, numbers, long_write=False):
    rows_before, drafts_before = counts(site.database)
    tally = Tally()
    stop_at = time.monotonic() + SECONDS
    threads = [
        threading.Thread(target=contributor, args=(site, tally, stop_at, seed, numbers))
        for seed in range(CONTRIBUTORS)
    ]
    writer = LongWrite(site) if long_write else None
    started = time.monotonic()
    if writer:
        writer.__enter__()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if writer:
        writer.__exit__(None, None, None)
    rows_after, drafts_after = counts(site.database)
    rows, drafts = rows_after - rows_before, drafts_after - drafts_before
    found = known_references(site.database, tally.references)
    result = {
        "round": label,
        "contributors": CONTRIBUTORS,
        "seconds": round(elapsed, 1),
        "accepted": tally.accepted,
        "accepted_with_photo": tally.photos,
        "refused_politely": tally.refused,
        "server_errors": tally.server_errors,
        "transport_errors": tally.transport_errors,
        "unexpected": tally.unexpected,
        "contribution_rows": rows,
        "story_drafts": drafts,
        "difference": rows - tally.accepted,
        "references_named": len(tally.references),
        "references_found": len(found),
        "posts": len(tally.post_seconds),
        "post_p50_ms": ms(percentile(tally.post_seconds, 0.5)),
        "post_p99_ms": ms(percentile(tally.post_seconds, 0.99)),
        "post_max_ms": ms(max(tally.post_seconds, default=None)),
        "post_mean_ms": ms(statistics.fmean(tally.post_seconds) if tally.post_seconds else None),
        "accepted_per_second": round(tally.accepted / elapsed, 2),
        "cycle_p50_s": secs(percentile(tally.cycle_seconds, 0.5)),
    }
    if writer:
        result["long_write"] = {
            "generate_stories_runs": writer.generated_runs,
            "live_stories_after": writer.stories,
            "write_lock_holds": writer.holds,
            "hold_seconds": HOLD_SECONDS,
            "hold_every_seconds": HOLD_EVERY,
        }
    result["ok"] = (
        not tally.server_errors
        and result["difference"] == 0
        and drafts == rows
        and len(found) == len(tally.references) == tally.accepted
    )
    return result


def ms(value):
    return None if value is None else round(value * 1000)


def secs(value):
    return None if value is None else round(value, 2)


def bench_database(kind):
    folder = Path(tempfile.mkdtemp(prefix=f"bench-contrib-{kind}-"))
    database = SqliteDatabase(folder) if kind == "sqlite" else PostgresDatabase(folder)
    site = Site(database, folder)
    results = []
    try:
        begun = time.monotonic()
        site.prepare()
        site.serve()
        print(f"[{kind}] migrated and serving in {time.monotonic() - begun:.0f} s", flush=True)
        numbers = Counter(0)
        for label, long_write in (("calm", False), ("long write", True)):
            if label not in ROUNDS:
                continue
            result = run_round(site, label, numbers, long_write=long_write)
            result["database"] = kind
            result["logged_5xx"] = site.server_errors_logged()
            results.append(result)
            print(summary_line(result), flush=True)
    finally:
        site.stop()
        database.drop()
    return results


def summary_line(r):
    return (
        f"[{r['database']}, {r['round']}] accepted {r['accepted']} / rows {r['contribution_rows']}"
        f" (drafts {r['story_drafts']}, difference {r['difference']}), refused "
        f"{sum(r['refused_politely'].values())}, 5xx {sum(r['server_errors'].values())}, "
        f"transport {sum(r['transport_errors'].values())}; POST p50 {r['post_p50_ms']} ms, "
        f"p99 {r['post_p99_ms']} ms; {r['accepted_per_second']} accepted/s"
        f"{'' if r['ok'] else '  <-- FAILED'}"
    )


def markdown(report):
    lines = [
        "# Contributors under load (`python -m benchmarks.contributors`)",
        "",
        f"Run {report['finished']} on {report['machine']}; {report['contributors']} concurrent "
        f"contributors for {report['seconds']:.0f} s per round; gunicorn with "
        "gunicorn.conf.py's production defaults, the database task queue and a db_worker.",
        "",
        f"Bench settings: CONTRIBUTION_NETWORK_LIMIT={NETWORK_LIMIT} (every contributor comes "
        "from 127.0.0.1; the per-network ceiling is raised for the bench); one e-mail address "
        f"per contribution; each contributor waits CONTRIBUTION_MIN_SECONDS "
        f"({CONTRIBUTION_MIN_SECONDS} s) plus 0.2–1.2 s before sending, as the form requires.",
        "",
        "| database | round | accepted | rows | drafts | difference | refused (4xx) | 5xx "
        "| transport errors | POST p50 ms | POST p99 ms | accepted/s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in report["rounds"]:
        lines.append(
            f"| {r['database']} | {r['round']} | {r['accepted']} | {r['contribution_rows']} | "
            f"{r['story_drafts']} | {r['difference']} | {sum(r['refused_politely'].values())} "
            f"| {sum(r['server_errors'].values())} | {sum(r['transport_errors'].values())} | "
            f"{r['post_p50_ms']} | {r['post_p99_ms']} | {r['accepted_per_second']} |"
        )
    lines += [
        "",
        "Long write: `manage.py generate_stories --count 5000` running under the same story "
        f"list, and a write lock held {HOLD_SECONDS:.0f} s every {HOLD_EVERY:.0f} s (SQLite: "
        "BEGIN IMMEDIATE; PostgreSQL: the story list's row FOR UPDATE).",
        "",
        f"Verdict: {'PASS' if report['ok'] else 'FAIL'} (accepted = rows = drafts = references "
        "found, and no 5xx, in every round).",
        "",
    ]
    return "\n".join(lines)


def main():
    print(
        f"{CONTRIBUTORS} contributors, {SECONDS:.0f} s per round; CONTRIBUTION_NETWORK_LIMIT "
        f"raised to {NETWORK_LIMIT} for the bench (one loopback address for everyone).",
        flush=True,
    )
    rounds = []
    for kind in DATABASES:
        rounds += bench_database(kind.strip())
    report = {
        "finished": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}",
        "contributors": CONTRIBUTORS,
        "seconds": SECONDS,
        "network_limit": NETWORK_LIMIT,
        "min_seconds": CONTRIBUTION_MIN_SECONDS,
        "rounds": rounds,
        "ok": all(r["ok"] for r in rounds),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "contributors-latest.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / "contributors.md").write_text(markdown(report))
    print(f"Written to {RESULTS / 'contributors.md'}", flush=True)
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
