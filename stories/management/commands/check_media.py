"""Media and rows that must go together: files with no row, rows with no file, leftovers of
uploads. Run it periodically (hourly is plenty) with --delete; without it, it only reports.

A process killed in the middle of an intake leaves the photos it had written with no row
(the transaction rolled back), a worker killed mid-upload leaves its temporary file, a crash
between a commit and the deletion of a page's files leaves them behind. Files younger than
the grace period are left alone: an intake may be writing them right now.
"""

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import models

from wagtail.images.models import AbstractRendition
from wagtail.models import Page

from stories.sharing.service import FOLDER as CARDS_FOLDER

GRACE_SECONDS = 3600


@dataclass
class Audit:
    orphans: list = field(default_factory=list)  # media names with no row
    too_young: int = 0  # orphans within the grace period, left alone
    missing: list = field(default_factory=list)  # (model, pk, field, name): rows with no file
    temporary: list = field(default_factory=list)  # stale upload temp files (paths)


def file_fields():
    """(model, field name) of every file field stored in the default storage."""
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if isinstance(model_field, models.FileField) and model_field.model is model:
                yield model, model_field.name


def referenced_names():
    """{file name: [(model, pk, field name)]} of every row that names a file."""
    names = {}
    for model, name in file_fields():
        rows = model._base_manager.exclude(**{name: ""}).exclude(**{f"{name}__isnull": True})
        for pk, file_name in rows.values_list("pk", name).iterator():
            names.setdefault(file_name, []).append((model, pk, name))
    return names


def stored_files(storage=default_storage, folder=""):
    """Every file name under ``folder`` of the storage, dot files excepted (.gitkeep)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        if not name.startswith("."):
            yield f"{folder}/{name}" if folder else name
    for name in folders:
        yield from stored_files(storage, f"{folder}/{name}" if folder else name)


def live_page_ids(folder_names):
    ids = {int(name) for name in folder_names if name.isdigit()}
    return set(Page.objects.live().filter(pk__in=ids).values_list("pk", flat=True))


def is_orphan(name, referenced, card_pages):
    """No row names it; a share card, when its page is gone or no longer live (cards stored
    loose before page folders existed are the settings task's to sweep)."""
    parts = name.split("/")
    if is_card(name):
        return len(parts) > 2 and not (parts[1].isdigit() and int(parts[1]) in card_pages)
    return name not in referenced


def is_card(name):
    return name.startswith(f"{CARDS_FOLDER}/")


def age_of(name, now):
    return now - default_storage.get_modified_time(name).timestamp()


def audit(grace=GRACE_SECONDS, now=None):
    now = now or time.time()
    result = Audit()
    referenced = referenced_names()
    stored = set(stored_files())
    card_folders = {name.split("/")[1] for name in stored if is_card(name)}
    card_pages = live_page_ids(card_folders)
    for name in sorted(stored):
        if not is_orphan(name, referenced, card_pages):
            continue
        if age_of(name, now) >= grace:
            result.orphans.append(name)
        else:
            result.too_young += 1
    for name in sorted(set(referenced) - stored):
        result.missing += [
            (model, pk, field_name, name) for model, pk, field_name in referenced[name]
        ]
    result.temporary = stale_temporary_files(grace, now)
    return result


def stale_temporary_files(grace, now):
    """Uploads streamed to our temp folder by a worker that never finished with them."""
    folder = settings.FILE_UPLOAD_TEMP_DIR
    if not folder or not os.path.isdir(folder):
        return []
    return sorted(
        path
        for path in Path(folder).rglob("*")
        if path.is_file() and now - path.stat().st_mtime >= grace
    )


def remove(result):
    """Delete orphan files, stale temporary files, and rendition rows whose file is gone
    (Wagtail draws them again). Other rows with no file are only reported: an editor
    decides."""
    for name in result.orphans:
        default_storage.delete(name)
    remove_empty_folders({name.rsplit("/", 1)[0] for name in result.orphans if is_card(name)})
    for path in result.temporary:
        path.unlink(missing_ok=True)
    renditions = [row for row in result.missing if issubclass(row[0], AbstractRendition)]
    for model, pk, _field, _name in renditions:
        model._base_manager.filter(pk=pk).delete()
    return len(renditions)


def remove_empty_folders(folders):
    """The folders of share cards whose page is gone, where the storage has folders."""
    for folder in folders:
        try:
            folders_in, files_in = default_storage.listdir(folder)
            if not folders_in and not files_in:
                default_storage.delete(folder)
        except OSError:
            continue


class Command(BaseCommand):
    help = (
        "Report media files with no database row (photos, renditions, videos, posters, "
        "captions, share cards of pages gone or unpublished), rows whose file is missing, and "
        "stale temporary uploads. --delete removes the files (and rendition rows with no "
        "file); files younger than --grace seconds are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Remove what is reported.")
        parser.add_argument(
            "--grace",
            type=int,
            default=GRACE_SECONDS,
            help=f"Leave files younger than this many seconds alone ({GRACE_SECONDS}).",
        )

    def handle(self, *args, delete=False, grace=GRACE_SECONDS, **options):
        result = audit(grace=grace)
        for name in result.orphans:
            self.stdout.write(f"file with no row: {name}")
        for model, pk, field_name, name in result.missing:
            self.stdout.write(f"row with no file: {model._meta.label} {pk} {field_name} {name}")
        for path in result.temporary:
            self.stdout.write(f"stale temporary upload: {path}")
        removed_rows = remove(result) if delete else 0
        verb = "removed" if delete else "found"
        self.stdout.write(
            f"{len(result.orphans)} file(s) with no row {verb} ({result.too_young} younger "
            f"than {grace} s left alone), {len(result.temporary)} temporary upload(s) {verb}, "
            f"{len(result.missing)} row(s) with no file ({removed_rows} rendition(s) removed)."
        )
