"""The project is clean: Django checks, migrations, lint, templates fit for a strict CSP."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

import pytest

ROOT = Path(settings.BASE_DIR)


def run(*args, env=None):
    return subprocess.run(
        args, cwd=ROOT, capture_output=True, text=True, env={**os.environ, **(env or {})}
    )


@pytest.mark.django_db
def test_django_system_checks_pass():
    call_command("check", fail_level="WARNING")


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_ruff_finds_nothing():
    result = run(sys.executable, "-m", "ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_applied():
    result = run(sys.executable, "-m", "ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


# A JSON-LD data block is not executed, so a strict CSP does not concern it.
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/ld\+json\")[^>]*>", re.IGNORECASE
)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


@pytest.mark.parametrize(
    "template", sorted((ROOT / "templates").rglob("*.html")), ids=lambda p: p.name
)
def test_templates_have_no_inline_script_style_or_handlers(template):
    html = template.read_text(encoding="utf-8")

    assert not INLINE_SCRIPT.search(html)
    assert not STYLE_ATTRIBUTE.search(html)
    assert not STYLE_ELEMENT.search(html)
    assert not EVENT_HANDLER.search(html)


@pytest.mark.parametrize(
    "template", sorted((ROOT / "templates").rglob("*.html")), ids=lambda p: p.name
)
def test_template_comments_close_on_their_own_line(template):
    # Django reads {# … #} on one line only: one spread over two lines is shown to readers.
    unclosed = [
        number
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1)
        if "{#" in line and "#}" not in line.split("{#", 1)[1]
    ]

    assert not unclosed, f"{{# without #}} on lines {unclosed}: use {{% comment %}}"
