"""One process's long-lived parts, built from settings and closed in order at shutdown."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import aiohttp
import httpx
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.access import AccessPolicy, UserGroups
from bot.booking.announce import Announcer
from bot.booking.audit import BookingAudit
from bot.booking.machine import BookingMachine
from bot.booking.rechecks import Rechecks
from bot.booking.reconcile import Reconciler
from bot.booking.submission import Submissions
from bot.booking.undo import Undo
from bot.clock import utc_now
from bot.directory import Directory
from bot.forms.command import SlashCommand
from bot.forms.history import History
from bot.forms.opening import FormOpener
from bot.forms.pickers import Pickers
from bot.notify import Reporter
from bot.people import People
from bot.settings import Settings
from bot.store import Ledger
from bot.tasks import BackgroundTasks
from bot.vitec.client import VitecClient, create_http_client

log = logging.getLogger(__name__)

PURGE_INTERVAL = timedelta(hours=6)
SHUTDOWN_GRACE = 10.0
"""Seconds running bookings get to finish (and be reported) when the process stops."""


def slack_retry_handlers() -> list[AsyncRetryHandler]:
    """Retry Slack's 429s (honouring Retry-After) and dropped connections."""
    return [
        AsyncRateLimitErrorRetryHandler(max_retry_count=2),
        AsyncConnectionErrorRetryHandler(max_retry_count=2),
    ]


def slack_client(
    settings: Settings, session: aiohttp.ClientSession | None = None
) -> AsyncWebClient:
    """The Web API client, pointed at SLACK_API_URL when set (the playground's fake Slack).

    Without a ``session`` every call opens a connection of its own.
    """
    base_url = settings.slack_api_url + "/" if settings.slack_api_url else AsyncWebClient.BASE_URL
    return AsyncWebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=base_url,
        timeout=10,
        retry_handlers=slack_retry_handlers(),
        session=session,
    )


@dataclass
class Services:
    """Everything the listeners call into, with the loops that keep it healthy."""

    settings: Settings
    clock: Callable[[], datetime]
    http: httpx.AsyncClient
    vitec: VitecClient
    ledger: Ledger
    directory: Directory
    slack: AsyncWebClient
    people: People
    access: AccessPolicy
    reporter: Reporter
    tasks: BackgroundTasks
    submissions: Submissions
    undo: Undo
    reconciler: Reconciler
    forms: FormOpener
    command: SlashCommand
    pickers: Pickers
    history: History
    _loops: list[asyncio.Task[None]] = field(default_factory=list)

    def start(self) -> None:
        """Start the background loops: estate cache, reconciliation of stale attempts, purge."""
        self._loops = [
            asyncio.create_task(self.directory.refresh_forever(), name="estate-refresh"),
            asyncio.create_task(
                self._every(timedelta(seconds=self.settings.reconcile_interval), self._reconcile),
                name="reconcile",
            ),
            asyncio.create_task(self._every(PURGE_INTERVAL, self._purge), name="purge"),
        ]

    async def _every(self, interval: timedelta, job: Callable[[], Awaitable[None]]) -> None:
        while True:
            try:
                await job()
            except Exception:
                log.exception("periodic job %s failed", getattr(job, "__name__", job))
            await asyncio.sleep(interval.total_seconds())

    async def _reconcile(self) -> None:
        settled = await self.reconciler.reconcile_stale()
        if settled:
            log.info("reconciled %d stale sign-up(s)", settled)

    async def _purge(self) -> None:
        retention = timedelta(days=self.settings.retention_days)
        purged = await self.ledger.purge(older_than=retention)
        if purged:
            log.info("purged %d sign-up(s) older than the retention period", purged)
        forgotten = await self.ledger.audit.purge(older_than=retention)
        if forgotten:
            log.info("deleted %d audit record(s) past retention", forgotten)

    async def aclose(self) -> None:
        """Stop the loops, let running bookings finish and report, then close connections."""
        for loop in self._loops:
            loop.cancel()
        await asyncio.gather(*self._loops, return_exceptions=True)
        await self.tasks.drain(SHUTDOWN_GRACE)
        await self.vitec.aclose()
        await self.ledger.close()
        if self.slack.session is not None:
            await self.slack.session.close()


async def build_services(
    settings: Settings,
    *,
    vitec_transport: httpx.AsyncBaseTransport | None = None,
    clock: Callable[[], datetime] = utc_now,
    worker: str | None = None,
) -> Services:
    """Connect to Vitec, the database and Slack as the settings say."""
    http = create_http_client(
        settings.vitec_base_url,
        settings.vitec_username,
        settings.vitec_password.get_secret_value(),
        # At most httpx's 100 connections to Vitec at once (it asks partners not to hammer it);
        # beyond that a booking waits its turn as long as it would wait for an answer, rather
        # than failing as "never sent" after a few seconds.
        timeout=httpx.Timeout(
            connect=3.0, read=settings.vitec_timeout, write=10.0, pool=settings.vitec_timeout
        ),
        transport=vitec_transport,
    )
    vitec = VitecClient(http)
    ledger = await Ledger.open(settings.database_url, clock=clock)
    directory = Directory(
        vitec,
        customer_id=settings.vitec_customer_id,
        clock=clock,
        options_timeout=settings.vitec_options_timeout,
        allowed_lead_sources=settings.allowed_lead_sources,
    )
    # One connection pool for every call to Slack (Web API and response URLs): slack_sdk would
    # otherwise open a new session, and a new connection, for each one.
    slack_session = aiohttp.ClientSession()
    slack = slack_client(settings, slack_session)
    reporter = Reporter(slack, session=slack_session, retry_handlers=slack_retry_handlers())
    tasks = BackgroundTasks()
    people = People(slack, default=settings.visningsbot_language, clock=clock)
    access = AccessPolicy(people, UserGroups(slack, clock=clock), settings.access)
    worker = worker or f"{socket.gethostname()}:{os.getpid()}"
    lease = timedelta(seconds=settings.signup_claim_lease)
    audit = BookingAudit(ledger, tasks)
    announcer = Announcer(reporter, ledger)
    machine = BookingMachine(vitec=vitec, ledger=ledger, worker=worker)
    submissions = Submissions(
        machine=machine,
        # A read first waits for one of the process's Vitec connections: on a slow Vitec under a
        # burst that wait can be as long as the read itself.
        rechecks=Rechecks(directory=directory, access=access, timeout=2 * settings.vitec_timeout),
        announcer=announcer,
        ledger=ledger,
        directory=directory,
        tasks=tasks,
        clock=clock,
        deadline=settings.vitec_booking_deadline,
        worker=worker,
        lease=lease,
    )
    reconciler = Reconciler(
        machine=machine,
        announcer=announcer,
        ledger=ledger,
        worker=worker,
        lease=lease,
    )
    undo = Undo(vitec=vitec, ledger=ledger, reporter=reporter, access=access, audit=audit)
    forms = FormOpener(
        slack=slack, directory=directory, reporter=reporter, people=people, clock=clock
    )
    history = History(slack=slack, ledger=ledger, people=people)
    command = SlashCommand(
        opener=forms, history=history, directory=directory, people=people, reporter=reporter
    )
    pickers = Pickers(directory=directory, ledger=ledger)
    return Services(
        settings=settings,
        clock=clock,
        http=http,
        vitec=vitec,
        ledger=ledger,
        directory=directory,
        slack=slack,
        people=people,
        access=access,
        reporter=reporter,
        tasks=tasks,
        submissions=submissions,
        undo=undo,
        reconciler=reconciler,
        forms=forms,
        command=command,
        pickers=pickers,
        history=history,
    )
