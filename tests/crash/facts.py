"""What the database and the media folder hold after a crash, as JSON on standard output
(read by tests/crash/test_kill_points.py in another process).

    python -m tests.crash.facts
"""

import json
import os

import django


def contribution_facts(contribution):
    from django.core.files.storage import default_storage

    from stories.models import StoryPage

    images = [image.file.name for image in contribution.images.all()]
    return {
        "pk": contribution.pk,
        "email": contribution.email,
        "page": StoryPage.objects.filter(pk=contribution.page_id).exists(),
        "images": images,
        "files_exist": all(default_storage.exists(name) for name in images),
        "acknowledgement": contribution.acknowledgement_status,
    }


def task_facts():
    from django_tasks_db.models import DBTaskResult

    return [
        {
            "task": row.task_path.rsplit(".", 1)[-1],
            "args": row.args_kwargs["args"],
            "status": row.status,
        }
        for row in DBTaskResult.objects.order_by("enqueued_at")
    ]


def facts():
    from django.conf import settings

    from stories.models import CentenaryImage, Contribution

    root = os.path.join(settings.MEDIA_ROOT, "contributions")
    files = sorted(
        os.path.relpath(os.path.join(folder, name), settings.MEDIA_ROOT)
        for folder, _dirs, names in os.walk(root)
        for name in names
    )
    rows = set(CentenaryImage.objects.values_list("file", flat=True))
    return {
        "contributions": [contribution_facts(c) for c in Contribution.objects.order_by("pk")],
        "files": files,
        "files_without_row": [name for name in files if name not in rows],
        "tasks": task_facts(),
    }


if __name__ == "__main__":
    django.setup()
    print(json.dumps(facts()))
