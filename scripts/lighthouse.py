"""Lighthouse (mobile) on the demo's main page types; the four category scores per page
into docs/lighthouse.md.

    .venv/bin/python scripts/lighthouse.py                 # fresh demo on a temporary database
    .venv/bin/python scripts/lighthouse.py --base-url http://127.0.0.1:8000  # a running demo

Without --base-url it starts a fresh demo served with debug off, as `make screenshots` does
(scripts/screenshots.py). Lighthouse is the pinned LIGHTHOUSE version run through
``npx --yes`` (it needs Node.js and npm; 12.x still runs on Node 20, 13.x wants Node 22),
driving Debian's Chromium (CHROME_PATH, /usr/bin/chromium by default) with its default mobile
emulation and simulated throttling. The full JSON reports stay in a temporary directory
unless --reports names one.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from screenshots import ROOT, start_demo

LIGHTHOUSE = "lighthouse@12.8.2"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
PAGES = [
    ("Home", "/"),
    ("Story list", "/histoires/"),
    ("Story", "/histoires/roland-garros-1985/"),
    ("Timeline", "/frises/100-ans-de-sport/"),
    ("Contribution form", "/contribuer/"),
    ("Share kit", "/kit-de-partage/"),
]


def run_lighthouse(url, report):
    npx = shutil.which("npx")
    if not npx:
        raise SystemExit("Lighthouse runs through npx: install Node.js and npm first")
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    subprocess.run(  # noqa: S603 (fixed arguments, our own local address)
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
        check=True,
    )
    return json.loads(Path(report).read_text())


def shortfalls(result):
    """The audits that keep a category below 1: id, score and the displayed value."""
    weighted = {
        ref["id"]
        for name in CATEGORIES
        for ref in result["categories"][name]["auditRefs"]
        if ref["weight"] > 0
    }
    found = []
    for audit_id in sorted(weighted):
        audit = result["audits"][audit_id]
        if audit["score"] is not None and audit["score"] < 1:
            value = audit.get("displayValue", "")
            found.append(f"{audit_id} {audit['score']:.2f}" + (f" ({value})" if value else ""))
    return found


def summary(rows, version):
    lines = [
        "# Lighthouse",
        "",
        f"`make lighthouse` ({version}, mobile form factor, simulated throttling, Debian's "
        "Chromium) on a fresh demo served with debug off; "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Scores from 0 to 1.",
        "",
        "The demo is served by Django's development server, which compresses nothing (in "
        "production nginx compresses text, deploy/nginx), and timings depend on the "
        "machine's load: the performance scores here are on the pessimistic side and vary "
        "from run to run.",
        "",
        "| page | performance | accessibility | best practices | SEO |",
        "|---|---|---|---|---|",
    ]
    for name, path, scores, _missing in rows:
        cells = " | ".join(f"{scores[c]:.2f}" for c in CATEGORIES)
        lines.append(f"| {name} (`{path}`) | {cells} |")
    below = [(name, missing) for name, _path, _scores, missing in rows if missing]
    lines += ["", "Weighted audits below 1 (they hold a category under 1.00):", ""]
    if not below:
        lines.append("None.")
    for name, missing in below:
        lines.append(f"- {name}: " + "; ".join(missing))
    return "\n".join(lines) + "\n"


def audit(base, out, reports):
    rows = []
    version = LIGHTHOUSE
    for name, path in PAGES:
        report = reports / f"{path.strip('/').replace('/', '-') or 'home'}.json"
        result = run_lighthouse(base + path, report)
        version = f"Lighthouse {result['lighthouseVersion']}"
        scores = {c: result["categories"][c]["score"] for c in CATEGORIES}
        rows.append((name, path, scores, shortfalls(result)))
        print(name, " ".join(f"{c} {scores[c]:.2f}" for c in CATEGORIES), flush=True)
    out.write_text(summary(rows, version))
    print(out.relative_to(ROOT) if out.is_relative_to(ROOT) else out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="a running demo; without it, one is started")
    parser.add_argument("--out", default=str(ROOT / "docs" / "lighthouse.md"))
    parser.add_argument("--reports", help="keep the JSON reports in this directory")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="centenaire-lighthouse-") as workdir:
        reports = Path(args.reports or workdir)
        reports.mkdir(parents=True, exist_ok=True)
        if args.base_url:
            audit(args.base_url.rstrip("/"), Path(args.out), reports)
            return
        base, server = start_demo(workdir)
        try:
            audit(base, Path(args.out), reports)
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    sys.exit(main())
