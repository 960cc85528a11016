"""Lighthouse (mobile) on the demo's main page types; the four category scores per page
into docs/lighthouse.md.

    .venv/bin/python scripts/lighthouse.py                 # fresh demo, served as in production
    .venv/bin/python scripts/lighthouse.py --runs 3        # three runs of each page: the spread
    .venv/bin/python scripts/lighthouse.py --base-url http://127.0.0.1:8000  # a running site

Without --base-url it builds a fresh demo on a temporary SQLite database and serves it the
way production does (README, "Deployment behind nginx"): the production settings, static
files gathered by collectstatic (hashed names, precompressed copies: WhiteNoise's
CompressedManifestStaticFilesStorage), gunicorn with gunicorn.conf.py, and nginx in front
with deploy/nginx/centenaire.conf as deploy/nginx/render.py writes it (gzip, static files and
public media from disk, their cache headers). Without nginx on the machine, gunicorn alone
answers (WhiteNoise serves the static files, compressed; pages go uncompressed) and the
report says so. Plain http on loopback: no TLS, so HTTP/1.1 (no HTTP/2).

Each page is fetched once before it is measured, as by an earlier reader: renditions exist
and the page cache holds the page, as for nearly every reader of the site.

Lighthouse is the pinned LIGHTHOUSE version run through ``npx --yes`` (it needs Node.js and
npm; 12.x still runs on Node 20, 13.x wants Node 22), driving Debian's Chromium
(CHROME_PATH, /usr/bin/chromium by default) with its default mobile emulation and simulated
throttling. The full JSON reports stay in a temporary directory unless --reports names one.
The report is rewritten down to its "## Notes" heading; the hand-written notes below it stay.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from screenshots import ROOT, free_port, wait_for

LIGHTHOUSE = "lighthouse@12.8.2"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TIMINGS = ["first-contentful-paint", "largest-contentful-paint"]
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
PAGES = [
    ("Home", "/"),
    ("Story list", "/histoires/"),
    ("Story", "/histoires/roland-garros-1985/"),
    ("Timeline", "/frises/100-ans-de-sport/"),
    ("Contribution form", "/contribuer/"),
    ("Share kit", "/kit-de-partage/"),
]
ACCEL_PREFIX = "/_protected_media/"
STYLESHEET = re.compile(r'<link rel="stylesheet" href="(/[^"]+)"')
# Where the report's hand-written notes begin: each run rewrites what is above, keeps them.
NOTES = "\n## Notes\n"
# Variables of the caller that would lead the temporary site elsewhere (its database, a
# shared cache, a bucket, a CDN to purge).
FOREIGN = ("DJANGO_", "DATABASE_", "REDIS_", "AWS_", "FRONTEND_CACHE_", "PYTEST_")


def nginx_binary():
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx",) if os.path.exists(path)), None
    )


def production_environment(folder, base, behind_nginx):
    env = {key: value for key, value in os.environ.items() if not key.startswith(FOREIGN)}
    env.update(
        DJANGO_SETTINGS_MODULE="centenaire.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{folder}/db.sqlite3",
        MEDIA_ROOT=str(folder / "media"),
        STATIC_ROOT=str(folder / "static"),
        SITE_BASE_URL=base,
        WAGTAILADMIN_BASE_URL=base,
        SECURE_SSL_REDIRECT="false",  # plain http on loopback
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="2",
    )
    if behind_nginx:
        env.update(
            SERVE_MEDIA="false",
            MEDIA_ACCEL_REDIRECT_PREFIX=ACCEL_PREFIX,
            TRUSTED_PROXY_COUNT="1",
        )
    else:
        env.update(SERVE_MEDIA="true")
    return env


def spawn(command, env, log):
    return subprocess.Popen(  # noqa: S603 (our own programs, fixed arguments)
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )


@contextmanager
def production_site(folder):
    """A fresh demo served as in production; yields (base URL, how it is served)."""
    nginx = nginx_binary()
    public_port = free_port()
    gunicorn_port = free_port() if nginx else public_port
    base = f"http://127.0.0.1:{public_port}"
    env = production_environment(folder, base, behind_nginx=bool(nginx))
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["migrate", "--noinput"],
        ["load_demo"],
        ["set_site_address"],
        ["collectstatic", "--noinput"],
    ):
        done = subprocess.run(  # noqa: S603
            [*manage, *command], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if done.returncode:
            raise SystemExit(f"manage.py {command[0]} failed:\n{done.stdout}{done.stderr}")
    log = (folder / "server.log").open("wb")
    gunicorn = [
        str(Path(sys.executable).parent / "gunicorn"),
        "centenaire.wsgi",
        "--config=gunicorn.conf.py",
        f"--bind=127.0.0.1:{gunicorn_port}",
        "--no-control-socket",
    ]
    processes = [spawn(gunicorn, env, log)]
    served = "gunicorn (gunicorn.conf.py, 2 workers) with the production settings"
    try:
        if nginx:
            conf, state = folder / "nginx.conf", folder / "nginx"
            state.mkdir(mode=0o755)
            user = "www-data" if os.geteuid() == 0 else os.environ.get("USER", "www-data")
            subprocess.run(  # noqa: S603
                [
                    sys.executable,
                    str(ROOT / "deploy" / "nginx" / "render.py"),
                    f"--port=127.0.0.1:{public_port}",
                    f"--upstream=127.0.0.1:{gunicorn_port}",
                    f"--media-root={env['MEDIA_ROOT']}",
                    f"--static-root={env['STATIC_ROOT']}",
                    f"--state-dir={state}",
                    f"--user={user}",
                    f"--output={conf}",
                ],
                check=True,
            )
            version = (
                subprocess.run(  # noqa: S603
                    [nginx, "-v"], capture_output=True, text=True, check=True
                )
                .stderr.strip()
                .split("/")[-1]
            )
            processes.append(
                spawn([nginx, "-p", str(state), "-c", str(conf), "-g", "daemon off;"], env, log)
            )
            served = (
                f"nginx {version} (deploy/nginx/centenaire.conf: gzip, static files and media "
                f"from disk) in front of {served}"
            )
        else:
            served += " alone (no nginx on this machine: WhiteNoise serves the static files)"
        wait_for(base + "/robots.txt")
        yield base, served
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        log.close()


def fetch(url):
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 (our own site)
        return response.read()


def warm(base):
    """Fetch each page and its stylesheet once, as an earlier reader would: renditions made,
    page cached, the stylesheet kept by nginx."""
    for _name, path in PAGES:
        page = fetch(base + path).decode()
        for stylesheet in set(STYLESHEET.findall(page)):
            fetch(base + stylesheet.replace("&amp;", "&"))


def run_lighthouse(url, report):
    npx = shutil.which("npx")
    if not npx:
        raise SystemExit("Lighthouse runs through npx: install Node.js and npm first")
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    Path(report).unlink(missing_ok=True)
    done = subprocess.run(  # noqa: S603 (fixed arguments, our own local address)
        [
            npx,
            "--yes",
            LIGHTHOUSE,
            url,
            "--quiet",
            "--form-factor=mobile",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--output=json",
            f"--output-path={report}",
        ],
        env=env,
        check=False,
    )
    result = json.loads(Path(report).read_text()) if Path(report).exists() else {}
    error = result.get("runtimeError", {}).get("code") or (done.returncode and "no report")
    return result, error


def measure(url, report, attempts=3):
    """A Lighthouse result for the page. Lighthouse itself sometimes fails to record a load
    on a busy machine (NO_NAVSTART: "Please run Lighthouse again"): such a run is started
    again, up to ``attempts`` times in all, and the retries are reported."""
    errors = []
    for _attempt in range(attempts):
        result, error = run_lighthouse(url, report)
        if not error:
            return result, errors
        errors.append(error)
        print(f"Lighthouse failed on {url} ({error}), again", flush=True)
    raise SystemExit(f"Lighthouse failed {attempts} times on {url}: {', '.join(errors)}")


def shortfalls(result):
    """The weighted audits that keep a category below 1: {id: (score, displayed value)}."""
    weighted = {
        ref["id"]
        for name in CATEGORIES
        for ref in result["categories"][name]["auditRefs"]
        if ref["weight"] > 0
    }
    found = {}
    for audit_id in sorted(weighted):
        audit = result["audits"][audit_id]
        if audit["score"] is not None and audit["score"] < 1:
            found[audit_id] = (audit["score"], audit.get("displayValue", ""))
    return found


def spread(values, fmt):
    """The median, and the range when the runs differ: 0.99 (0.98–1.00)."""
    low, mid, high = min(values), statistics.median_low(values), max(values)
    if fmt.format(low) == fmt.format(high):
        return fmt.format(mid)
    return f"{fmt.format(mid)} ({fmt.format(low)}–{fmt.format(high)})"


def summary(pages, version, served, runs, retried=(), load=None):
    lines = [
        "# Lighthouse",
        "",
        f"`make lighthouse` ({version}, mobile form factor, simulated throttling, Debian's "
        f"Chromium) on a fresh demo; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Served by "
        f"{served}, on loopback over plain http (HTTP/1.1). Each page fetched once before "
        "it is measured (renditions made, page cache filled), as by an earlier reader.",
        "",
        f"{runs} run{'s' if runs > 1 else ''} of each page: the median, and the lowest–highest "
        "in brackets when the runs differ. Scores from 0 to 1; first and largest contentful "
        "paint as Lighthouse simulates them (a mid-range phone on a slow 4G line), in seconds. "
        "Timings depend on the machine's load"
        + (f" ({load})" if load else "")
        + ": Lighthouse multiplies the main thread's observed work by 4, so a busy machine "
        "shows up as total blocking time.",
        "",
        "| page | performance | accessibility | best practices | SEO | FCP | LCP |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, path, results in pages:
        cells = [
            spread([r["categories"][c]["score"] for r in results], "{:.2f}") for c in CATEGORIES
        ]
        cells += [
            spread([r["audits"][t]["numericValue"] / 1000 for r in results], "{:.1f}")
            for t in TIMINGS
        ]
        lines.append(f"| {name} (`{path}`) | {' | '.join(cells)} |")
    lines += [
        "",
        "Weighted audits scoring under 1 (a category still shows 1.00 while what they cost it "
        "stays under 0.005):",
        "",
    ]
    below = False
    for name, _path, results in pages:
        missing = {}
        for result in results:
            for audit_id, found in shortfalls(result).items():
                missing.setdefault(audit_id, []).append(found)
        if not missing:
            continue
        below = True
        parts = []
        for audit_id, found in sorted(missing.items()):
            scores = spread([score for score, _value in found], "{:.2f}")
            values = sorted({value for _score, value in found if value})
            shown = f" ({', '.join(values)})" if values else ""
            parts.append(f"{audit_id} {scores}{shown} in {len(found)} of {len(results)} runs")
        lines.append(f"- {name}: " + "; ".join(parts))
    if not below:
        lines.append("None.")
    if retried:
        lines += [
            "",
            f"Lighthouse failed to record {len(retried)} load(s) ({', '.join(sorted(set(retried)))}"
            "), each measured again.",
        ]
    return "\n".join(lines) + "\n"


def kept_notes(out):
    """The hand-written notes at the end of the previous report (from NOTES on), kept."""
    previous = out.read_text() if out.exists() else ""
    return previous[previous.index(NOTES) :] if NOTES in previous else ""


def audit(base, out, reports, runs, served, only=None):
    pages = [(name, path, []) for name, path in PAGES if not only or path in only]
    version = LIGHTHOUSE
    retried = []
    load_before = os.getloadavg()[0]
    for run in range(1, runs + 1):
        for name, path, results in pages:
            slug = path.strip("/").replace("/", "-") or "home"
            result, errors = measure(base + path, reports / f"{slug}-{run}.json")
            retried += errors
            version = f"Lighthouse {result['lighthouseVersion']}"
            results.append(result)
            scores = " ".join(f"{c} {result['categories'][c]['score']:.2f}" for c in CATEGORIES)
            timings = " ".join(
                f"{t} {result['audits'][t]['numericValue'] / 1000:.2f}s" for t in TIMINGS
            )
            print(f"run {run}: {name}: {scores} {timings}", flush=True)
    load = (
        f"{os.cpu_count()} cores, load average {load_before:.1f} at the start and "
        f"{os.getloadavg()[0]:.1f} at the end"
    )
    out.write_text(summary(pages, version, served, runs, retried, load) + kept_notes(out))
    print(out.relative_to(ROOT) if out.is_relative_to(ROOT) else out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="a running site; without it, one is started")
    parser.add_argument("--runs", type=int, default=3, help="runs of each page (3)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "lighthouse.md"))
    parser.add_argument("--reports", help="keep the JSON reports in this directory")
    parser.add_argument("--page", action="append", help="only this path (repeatable)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="centenaire-lighthouse-") as workdir:
        reports = Path(args.reports or workdir) / ("" if args.reports else "reports")
        reports.mkdir(parents=True, exist_ok=True)
        if args.base_url:
            served = f"the site running at {args.base_url}"
            audit(args.base_url.rstrip("/"), Path(args.out), reports, args.runs, served, args.page)
            return
        Path(workdir).chmod(0o755)  # nginx's workers (www-data under root) read the site's files
        site = Path(workdir) / "site"
        site.mkdir()
        with production_site(site) as (base, served):
            warm(base)
            audit(base, Path(args.out), reports, args.runs, served, args.page)


if __name__ == "__main__":
    sys.exit(main())
