"""`manage.py check_media`: files with no row and rows with no file are reported, and removed
with --delete; files younger than the grace period (an intake may be writing them) and files
a row names are never touched. `requeue_stale_tasks` puts back a task a killed worker left."""

import io
import os
import time
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from stories.models import CentenaryImage
from tests.builders import make_image, make_story

pytestmark = pytest.mark.django_db

HOUR = 3600


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    """A media folder and an upload folder of the test's own: nothing else's leftovers."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    os.makedirs(settings.FILE_UPLOAD_TEMP_DIR)
    return tmp_path


def stored(name, content=b"x", age=2 * HOUR):
    name = default_storage.save(name, ContentFile(content))
    age_file(default_storage.path(name), age)
    return name


def age_file(path, seconds):
    then = time.time() - seconds
    os.utime(path, (then, then))


def check(*arguments):
    out = io.StringIO()
    call_command("check_media", *arguments, stdout=out)
    return out.getvalue()


def test_a_photo_with_no_row_is_reported_and_kept_without_delete():
    orphan = stored("contributions/originals/crash.jpg")

    report = check()

    assert f"file with no row: {orphan}" in report
    assert default_storage.exists(orphan)


def test_delete_removes_old_orphans_and_keeps_young_ones_and_files_with_a_row():
    orphan = stored("contributions/originals/crash.jpg")
    young = stored("contributions/originals/in-flight.jpg", age=60)
    image = make_image()
    age_file(image.file.path, 2 * HOUR)

    report = check("--delete")

    assert not default_storage.exists(orphan)
    assert default_storage.exists(young)  # an intake may be writing it right now
    assert default_storage.exists(image.file.name)
    assert "1 file(s) with no row removed (1 younger than 3600 s left alone)" in report


def test_grace_zero_removes_every_orphan():
    young = stored("videos/posters/lost.jpg", age=1)

    check("--delete", "--grace", "0")

    assert not default_storage.exists(young)


def test_share_cards_of_pages_gone_or_unpublished_are_orphans(story_index):
    live = make_story(story_index, title="En ligne")
    draft = make_story(story_index, title="Brouillon", live=False)
    kept = stored(f"share-cards/{live.pk}/abc.png")
    unpublished = stored(f"share-cards/{draft.pk}/def.png")
    deleted = stored("share-cards/999999/ghi.png")

    check("--delete")

    assert default_storage.exists(kept)
    assert not default_storage.exists(unpublished)
    assert not default_storage.exists(deleted)
    assert not os.path.exists(default_storage.path("share-cards/999999"))


def test_a_row_whose_file_is_gone_is_reported_and_a_rendition_row_removed():
    image = make_image()
    rendition = image.get_rendition("width-100")
    default_storage.delete(image.file.name)
    default_storage.delete(rendition.file.name)

    report = check("--delete")

    assert f"row with no file: stories.CentenaryImage {image.pk} file {image.file.name}" in report
    assert CentenaryImage.objects.filter(pk=image.pk).exists()  # an editor decides
    assert not image.renditions.exists()  # Wagtail draws it again when asked


def test_stale_temporary_uploads_are_swept_by_age(settings):
    folder = settings.FILE_UPLOAD_TEMP_DIR
    stale, fresh = os.path.join(folder, "killed.upload"), os.path.join(folder, "busy.upload")
    for path in (stale, fresh):
        with open(path, "wb") as partial:
            partial.write(b"\0" * 1024)
    age_file(stale, 2 * HOUR)

    report = check("--delete")

    assert not os.path.exists(stale)
    assert os.path.exists(fresh)
    assert "1 temporary upload(s) removed" in report


def test_uploads_stream_into_the_projects_own_folder():
    from django.conf import settings as django_settings
    from django.core.files.uploadedfile import TemporaryUploadedFile

    upload = TemporaryUploadedFile("clip.mp4", "video/mp4", 10, "utf-8")
    try:
        folder = os.path.dirname(upload.temporary_file_path())
        assert os.path.samefile(folder, django_settings.FILE_UPLOAD_TEMP_DIR)
    finally:
        upload.close()


def test_the_upload_folder_defaults_to_the_project_and_is_ignored_by_git():
    from pathlib import Path

    from centenaire.settings import base

    folder = Path(base.FILE_UPLOAD_TEMP_DIR)
    assert folder.is_dir()
    if "UPLOAD_TEMP_DIR" not in os.environ:
        assert folder.is_relative_to(base.BASE_DIR)
        ignored = (base.BASE_DIR / ".gitignore").read_text().split()
        assert f"/{folder.relative_to(base.BASE_DIR).parts[0]}/" in ignored


def test_a_task_a_killed_worker_left_running_is_put_back_in_the_queue():
    from django.tasks import TaskResultStatus

    from stories.contributions.tasks import send_acknowledgement

    def claimed(started):
        row = DBTaskResult.objects.create(
            args_kwargs={"args": [1], "kwargs": {}},
            task_path=send_acknowledgement.module_path,
            backend_name="default",
            run_after=timezone.now(),
        )
        DBTaskResult.objects.filter(pk=row.pk).update(
            status=TaskResultStatus.RUNNING, started_at=started
        )
        return row.pk

    lost = claimed(timezone.now() - timedelta(hours=2))
    running = claimed(timezone.now())

    call_command("requeue_stale_tasks", stdout=io.StringIO())

    assert DBTaskResult.objects.get(pk=lost).status == TaskResultStatus.READY
    assert DBTaskResult.objects.get(pk=running).status == TaskResultStatus.RUNNING
