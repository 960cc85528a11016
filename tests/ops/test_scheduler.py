"""The scheduler: one tick runs each periodic job that is due, and only one scheduler works."""

import logging
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from stories import scheduler
from stories.models import Contribution, ContributionStatus, StoryPage
from tests.builders import make_story
from tests.stories.contributions.conftest import contribute_page, post_contribution  # noqa: F401

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def task_row(**fields):
    fields.setdefault("run_after", timezone.now())
    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="stories.contributions.tasks.send_acknowledgement",
        backend_name="default",
        **fields,
    )


@pytest.fixture
def scheduled_story(story_index):
    story = make_story(story_index, live=False)
    story.go_live_at = timezone.now() + timedelta(hours=1)
    story.save_revision().publish()  # scheduled: approved to go live in an hour
    story.refresh_from_db()
    assert not story.live
    # An hour has passed (the revision as well as the page say when it goes live).
    past = timezone.now() - timedelta(minutes=1)
    revision = story.latest_revision
    assert revision.approved_go_live_at is not None
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    StoryPage.objects.filter(pk=story.pk).update(go_live_at=past)
    return story


def test_one_tick_runs_every_job(scheduled_story, post_contribution, settings, caplog):  # noqa: F811
    settings.TASKS = DATABASE_QUEUE
    caplog.set_level(logging.INFO, logger="centenaire")
    post_contribution()
    rejected = Contribution.objects.get()
    Contribution.objects.filter(pk=rejected.pk).update(
        status=ContributionStatus.REJECTED, updated_at=timezone.now() - timedelta(days=400)
    )
    stale = task_row(status="RUNNING", started_at=timezone.now() - timedelta(hours=2))
    old_result = task_row(status="SUCCESSFUL", finished_at=timezone.now() - timedelta(days=30))
    recent_result = task_row(status="SUCCESSFUL", finished_at=timezone.now())

    ran = scheduler.tick()

    assert ran == {job.name: True for job in scheduler.JOBS}
    assert StoryPage.objects.get(pk=scheduled_story.pk).live
    assert Contribution.objects.get(pk=rejected.pk).status == ContributionStatus.ERASED
    assert DBTaskResult.objects.get(pk=stale.pk).status == "READY"
    assert not DBTaskResult.objects.filter(pk=old_result.pk).exists()
    assert DBTaskResult.objects.filter(pk=recent_result.pk).exists()
    depth = [r.data["queue"] for r in caplog.records if r.name == "centenaire.tasks"]
    assert depth[-1]["ready"] >= 1  # the stale task, back in the queue
    jobs = {r.data["job"]: r.data for r in caplog.records if r.name == "centenaire.scheduler"}
    assert set(jobs) == {job.name for job in scheduler.JOBS}
    assert "1 contribution(s) erased" in jobs["purge_contributions"]["said"]
    assert jobs["prune_task_results"]["said"] == "1 task result(s) deleted."


def test_a_job_runs_again_only_when_its_interval_has_passed(home):
    runs = []
    job = scheduler.Job("probe", 60, lambda: runs.append(1) or "ran")

    scheduler.tick(now=1000, jobs=[job])
    scheduler.tick(now=1030, jobs=[job])
    scheduler.tick(now=1061, jobs=[job])

    assert len(runs) == 2


def test_a_failing_job_does_not_stop_the_others(home, caplog):
    def broken():
        raise RuntimeError("disk full")

    ran = scheduler.tick(
        now=1000,
        jobs=[scheduler.Job("broken", 60, broken), scheduler.Job("fine", 60, lambda: "ok")],
    )

    assert ran == {"broken": False, "fine": True}


def test_only_one_scheduler_holds_the_lease():
    assert scheduler.hold_lease("first", 90)
    assert not scheduler.hold_lease("second", 90)
    assert scheduler.hold_lease("first", 90)  # renewed

    scheduler.release_lease("first")

    assert scheduler.hold_lease("second", 90)


def test_run_scheduler_once_does_nothing_while_another_scheduler_works(home, capsys):
    scheduler.hold_lease("another", 90)

    call_command("run_scheduler", "--once")

    assert "Another scheduler is running" in capsys.readouterr().out


def test_the_loop_ticks_while_it_holds_the_lease_and_lets_go_when_stopped(home, monkeypatch):
    ticks = []
    monkeypatch.setattr(scheduler, "tick", lambda: ticks.append(1))
    stops = iter([False, False, True])

    scheduler.run_forever(30, stop=lambda: next(stops), sleep=lambda seconds: None)

    assert len(ticks) == 2
    assert scheduler.hold_lease("next", 90)  # released on the way out


def test_queue_depth_prints_the_backlog_and_fails_when_tasks_wait_too_long(home, capsys):
    task_row()
    call_command("queue_depth")
    assert '"ready": 1' in capsys.readouterr().out

    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(Exception, match="late or stale"):
        call_command("queue_depth")
