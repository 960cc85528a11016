"""Phone (390 px) and desktop (1280 px) screenshots of every page type, for the README.

    .venv/bin/python scripts/screenshots.py                 # fresh demo on a temporary database
    .venv/bin/python scripts/screenshots.py --base-url http://127.0.0.1:8000  # a running demo

Without --base-url it migrates a temporary SQLite database, loads the demo into it, serves
it with runserver on a free port, takes the pictures and removes everything again. Chromium
is Debian's (/usr/bin/chromium, or CHROMIUM_PATH) driven by Playwright. Each picture is a
JPEG of the top of the page (at most MAX_HEIGHT CSS pixels), small enough for a README.
"""

import argparse
import io
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 900)}
MAX_HEIGHT = {"phone": 2400, "desktop": 1800}
QUALITY = 72

# (name, path or callable finding the path on the home page, what it shows)
PAGES = [
    ("home", "/", "Accueil"),
    ("stories", "/histoires/", "Liste des histoires et filtres"),
    ("story", "/histoires/roland-garros-1985/", "Une histoire"),
    ("timelines", "/frises/", "Les frises"),
    ("timeline", "/frises/100-ans-de-sport/", "Une frise"),
    ("contribute", "/contribuer/", "Le formulaire de contribution"),
    ("share-kit", "/kit-de-partage/", "Le kit de partage"),
    ("search", "/recherche/?q=Roland", "La recherche"),
    ("standard", "/charte-des-contributeurs/", "Une page de texte"),
    ("not-found", "/cette-page-n-existe-pas/", "La page introuvable"),
    ("admin-login", "/admin/login/", "La connexion à l'administration"),
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)  # noqa: S310 (our own local server)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"The demo server did not answer at {url}")


def start_demo(workdir):
    """Migrate, load the demo and serve it; returns (base URL, server process)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{workdir}/db.sqlite3",
        MEDIA_ROOT=f"{workdir}/media",
        SITE_BASE_URL=base,
        WAGTAILADMIN_BASE_URL=base,
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput"], ["load_demo"], ["set_site_address"]):
        subprocess.run([*manage, *command], env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    # Debug off (scripts/screenshot_settings.py) for the site's own 404 page.
    server = subprocess.Popen(  # noqa: S603
        [
            *manage,
            "runserver",
            "--noreload",
            "--nostatic",
            "--settings=scripts.screenshot_settings",
            f"127.0.0.1:{port}",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(base + "/")
    return base, server


def shoot(base, out_dir, names=None):
    out_dir.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for device, (width, height) in VIEWPORTS.items():
            context = browser.new_context(
                viewport={"width": width, "height": height}, locale="fr-FR"
            )
            tab = context.new_page()
            for name, path, _label in PAGES:
                if names and name not in names:
                    continue
                tab.goto(base + path, wait_until="networkidle")
                # Lazy images would stay blank below the fold: load them all now.
                tab.evaluate(
                    "() => Promise.all([...document.images].map(i => { i.loading = 'eager';"
                    " return i.complete ? null : new Promise(r => { i.onload = i.onerror = r; });"
                    " }))"
                )
                tab.wait_for_load_state("networkidle")
                full = tab.evaluate("document.documentElement.scrollHeight")
                clip = {"x": 0, "y": 0, "width": width, "height": min(full, MAX_HEIGHT[device])}
                png = tab.screenshot(full_page=True, clip=clip)
                save(png, out_dir / f"{name}-{device}.jpg")
            context.close()
        browser.close()


def save(png, target):
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.save(target, "JPEG", quality=QUALITY, optimize=True, progressive=True)
    print(
        f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}"
        f"  {target.stat().st_size // 1024} KB"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="a running demo; without it, one is started")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("pages", nargs="*", help="only these pages (names in PAGES)")
    args = parser.parse_args()
    if args.base_url:
        shoot(args.base_url.rstrip("/"), Path(args.out), args.pages)
        return
    with tempfile.TemporaryDirectory(prefix="centenaire-shots-") as workdir:
        base, server = start_demo(workdir)
        try:
            shoot(base, Path(args.out), args.pages)
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
