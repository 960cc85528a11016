"""/healthz: 200 when the database, cache, storage and task queue answer, 503 otherwise."""

import socket
from datetime import timedelta

from django.conf import settings
from django.test import override_settings
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


def queued(**fields):
    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="stories.contributions.tasks.send_acknowledgement",
        backend_name="default",
        run_after=timezone.now(),
        **fields,
    )


def test_healthy_answers_200_with_every_check_and_is_never_cached(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "storage", "tasks"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["tasks"]["ready"] == 0
    assert "no-store" in response["Cache-Control"]


def test_the_storage_probe_leaves_nothing_behind(client, settings):
    client.get("/healthz")

    assert not list(settings.MEDIA_ROOT.glob("health/*"))


def test_a_cache_that_does_not_answer_gives_503_without_its_address(client):
    port = closed_port()
    redis = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://:hunter2@127.0.0.1:{port}/5",
        },
    }
    with override_settings(CACHES=redis):
        response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["checks"]["cache"]["ok"] is False
    assert body["checks"]["cache"]["error"] == "ConnectionError"
    assert body["checks"]["database"]["ok"] is True
    assert str(port) not in response.content.decode()
    assert "hunter2" not in response.content.decode()


def test_a_storage_that_cannot_write_gives_503(client, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    storages = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocked / "media")},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["storage"]["ok"] is False
    assert response.json()["checks"]["cache"]["ok"] is True


def test_tasks_waiting_with_no_worker_give_503(client, settings):
    settings.HEALTH_TASK_MAX_WAIT = 600
    task = queued()
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=timezone.now() - timedelta(minutes=11)
    )
    queued()  # and a fresh one

    response = client.get("/healthz")

    assert response.status_code == 503
    tasks = response.json()["checks"]["tasks"]
    assert tasks["ok"] is False
    assert tasks["ready"] == 2
    assert tasks["oldest_ready_seconds"] >= 660


def test_a_task_waiting_briefly_is_healthy(client):
    queued()

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"]["tasks"]["ready"] == 1


def test_a_task_left_running_by_a_killed_worker_gives_503(client):
    queued(status="RUNNING", started_at=timezone.now() - timedelta(hours=2))

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["tasks"]["stale"] == 1
