import asyncio
import logging

import pytest

from bot.tasks import BackgroundTasks


async def test_idle_waits_for_tasks_started_by_tasks() -> None:
    tasks = BackgroundTasks()
    done: list[str] = []

    async def second() -> None:
        done.append("second")

    async def first() -> None:
        tasks.spawn(second(), name="second")
        done.append("first")

    tasks.spawn(first(), name="first")
    await tasks.idle()
    assert done == ["first", "second"]
    assert len(tasks) == 0


async def test_a_failing_task_is_logged_not_lost(caplog: pytest.LogCaptureFixture) -> None:
    tasks = BackgroundTasks()

    async def fail() -> None:
        raise RuntimeError("boom")

    tasks.spawn(fail(), name="report-7")
    await tasks.idle()
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR] == [
        "background task report-7 failed"
    ]


async def test_drain_cancels_what_outlives_the_grace_period() -> None:
    tasks = BackgroundTasks()
    forever = tasks.spawn(asyncio.Event().wait(), name="forever")
    await tasks.drain(timeout=0.01)
    assert forever.cancelled()
