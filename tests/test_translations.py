"""French is the source language; the English catalogue stays complete."""

import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

import polib
import pytest

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")


def test_english_catalogue_has_no_empty_or_fuzzy_entry():
    catalogue = polib.pofile(str(CATALOGUE))

    missing = [entry.msgid for entry in catalogue if not entry.translated()]
    fuzzy = [entry.msgid for entry in catalogue if "fuzzy" in entry.flags]

    assert missing == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_source():
    source = {
        entry.msgid: entry.msgstr or entry.msgstr_plural for entry in polib.pofile(str(CATALOGUE))
    }
    compiled = {
        entry.msgid: entry.msgstr or entry.msgstr_plural for entry in polib.mofile(str(COMPILED))
    }

    compiled.pop("", None)
    source.pop("", None)
    assert compiled == source, "run `make messages` to recompile locale/en"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext's xgettext")
def test_every_translatable_string_of_the_code_is_in_the_catalogue(tmp_path):
    """Extract the strings afresh into a copy of the project and compare the msgids."""
    for folder in ("centenaire", "stories", "templates"):
        shutil.copytree(
            ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    (tmp_path / "locale").mkdir()
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-location"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    fresh = {
        entry.msgid for entry in polib.pofile(str(tmp_path / "locale/en/LC_MESSAGES/django.po"))
    }
    committed = {entry.msgid for entry in polib.pofile(str(CATALOGUE))}

    assert sorted(fresh - committed) == []
