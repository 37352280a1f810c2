"""One process's long-lived parts, built from settings and closed in order at shutdown."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import aiohttp
import httpx
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.access import AccessPolicy, UserGroups
from bot.booking.announce import Announcer
from bot.booking.audit import BookingAudit
from bot.booking.bulk import BulkBookings
from bot.booking.machine import BookingMachine
from bot.booking.newcontact import NewContactBooker
from bot.booking.rechecks import Rechecks
from bot.booking.reconcile import Reconciler
from bot.booking.submission import Submissions
from bot.booking.undo import Undo
from bot.clock import utc_now
from bot.directory import Directory
from bot.forms.command import SlashCommand
from bot.forms.follows import Follows
from bot.forms.history import History
from bot.forms.message import MessageShortcut
from bot.forms.opening import FormOpener
from bot.forms.pickers import Pickers
from bot.forms.who import WhoIsComing
from bot.inbound.notifications import Notifications
from bot.inbound.step import WorkflowStep
from bot.metrics import RECONCILE_BACKLOG, SLACK_API_ERRORS, observe_vitec
from bot.notify import Reporter
from bot.people import People
from bot.settings import AccessSettings, Settings
from bot.slack_failures import SLACK_FAILURES, slack_error
from bot.store import Ledger
from bot.store.ledger import Office
from bot.tasks import BackgroundTasks
from bot.vitec.client import VitecClient, create_http_client

log = logging.getLogger(__name__)

PURGE_INTERVAL = timedelta(hours=6)
ROUND_SLACK = 0.9
"""Of a loop's interval, how long after another process's round this one's is due again: a
little less than the interval, so hosts whose clocks differ by seconds do not skip rounds."""
SHUTDOWN_GRACE = 10.0
"""Seconds running bookings get to finish (and be reported) when the process stops."""


def slack_retry_handlers() -> list[AsyncRetryHandler]:
    """Retry Slack's 429s (honouring Retry-After) and dropped connections."""
    return [
        AsyncRateLimitErrorRetryHandler(max_retry_count=2),
        AsyncConnectionErrorRetryHandler(max_retry_count=2),
    ]


class CountingWebClient(AsyncWebClient):
    """The Web API client, counting every call that fails by method and Slack's error code."""

    async def api_call(self, api_method: str, **kwargs: Any) -> AsyncSlackResponse:
        """Call the Web API method as slack_sdk does; a failure is counted, then raised."""
        try:
            return await super().api_call(api_method, **kwargs)
        except SLACK_FAILURES as exc:
            SLACK_API_ERRORS.labels(api_method, slack_error(exc)).inc()
            raise


def slack_client(
    settings: Settings,
    session: aiohttp.ClientSession | None = None,
    *,
    token: str | None = None,
) -> AsyncWebClient:
    """The Web API client, pointed at SLACK_API_URL when set (the playground's fake Slack).

    Without a ``session`` every call opens a connection of its own; without a ``token`` each
    call names its own (OAuth mode's client, whose token Bolt sets per request).
    """
    base_url = settings.slack_api_url + "/" if settings.slack_api_url else AsyncWebClient.BASE_URL
    return CountingWebClient(
        token=token,
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
    message_shortcut: MessageShortcut
    notifications: Notifications
    workflow_step: WorkflowStep
    who: WhoIsComing
    office: Office | None = None
    """In OAuth mode, the workspace and office this bundle serves; None for the one workspace
    of single-workspace mode, whose bundle also owns the process-wide parts."""
    _loops: list[asyncio.Task[None]] = field(default_factory=list)

    @property
    def owns_process(self) -> bool:
        """Whether closing this bundle closes the ledger, the Slack session and the tasks."""
        return self.office is None

    def start(self) -> None:
        """Start the background loops: estate cache, reconciliation of stale attempts, purge.

        A workspace's bundle (OAuth mode) refreshes and reconciles its own office; the purge is
        the process's, run once by whoever owns the ledger.
        """
        self._loops = [
            asyncio.create_task(self.directory.refresh_forever(), name="estate-refresh"),
            asyncio.create_task(
                self._every(timedelta(seconds=self.settings.reconcile_interval), self._reconcile),
                name="reconcile",
            ),
        ]
        if self.owns_process:
            self._loops.append(
                asyncio.create_task(self._every(PURGE_INTERVAL, self._purge), name="purge")
            )

    async def _every(self, interval: timedelta, job: Callable[[], Awaitable[None]]) -> None:
        while True:
            try:
                await job()
            except Exception:
                log.exception("periodic job %s failed", getattr(job, "__name__", job))
            await asyncio.sleep(interval.total_seconds())

    async def _reconcile(self) -> None:
        interval = timedelta(seconds=self.settings.reconcile_interval)
        # One turn per office: the processes take turns at an office, not at every office.
        job = "reconcile" if self.office is None else ":".join(("reconcile", *self.office))[:64]
        async with self.ledger.coordination.turn(job, every=interval * ROUND_SLACK) as mine:
            if not mine:
                return
            settled = await self.reconciler.reconcile_stale()
            if settled:
                log.info("reconciled %d stale sign-up(s)", settled)
            if self.office is not None:
                return  # the backlog gauge counts the whole ledger; single-workspace mode's
            lease = timedelta(seconds=self.settings.signup_claim_lease)
            backlog = await self.ledger.coordination.backlog(grace=lease)
        RECONCILE_BACKLOG.labels("unsettled").set(backlog.unsettled)
        RECONCILE_BACKLOG.labels("untold").set(backlog.untold)

    async def _purge(self) -> None:
        await purge_past_retention(self.ledger, self.settings)

    async def stop(self) -> None:
        """Stop the background loops (bookings already running go on)."""
        for loop in self._loops:
            loop.cancel()
        await asyncio.gather(*self._loops, return_exceptions=True)
        self._loops = []

    async def aclose(self) -> None:
        """Stop the loops, let running bookings finish and report, then close connections.

        A workspace's bundle closes only its Vitec connections; the process's parts are closed
        by their owner (``Process.aclose``).
        """
        await self.stop()
        if not self.owns_process:
            await self.vitec.aclose()
            return
        await self.tasks.drain(SHUTDOWN_GRACE)
        await self.vitec.aclose()
        await self.ledger.close()
        if self.slack.session is not None:
            await self.slack.session.close()


async def purge_past_retention(ledger: Ledger, settings: Settings) -> None:
    """Delete personal data and audit records older than the retention period.

    With several processes on one database, one of them purges per interval.
    """
    async with ledger.coordination.turn("purge", every=PURGE_INTERVAL * ROUND_SLACK) as mine:
        if mine:
            await _purge_round(ledger, settings)


async def _purge_round(ledger: Ledger, settings: Settings) -> None:
    retention = timedelta(days=settings.retention_days)
    purged = await ledger.purge(older_than=retention)
    if purged:
        log.info("purged %d sign-up(s) older than the retention period", purged)
    await ledger.inbound.purge(older_than=retention)
    forgotten = await ledger.audit.purge(older_than=retention)
    if forgotten:
        log.info("deleted %d audit record(s) past retention", forgotten)


@dataclass
class Process:
    """The parts one process shares between every workspace and office it serves."""

    settings: Settings
    clock: Callable[[], datetime]
    ledger: Ledger
    tasks: BackgroundTasks
    slack_session: aiohttp.ClientSession
    worker: str

    @classmethod
    async def open(
        cls,
        settings: Settings,
        *,
        clock: Callable[[], datetime] = utc_now,
        worker: str | None = None,
    ) -> Process:
        """Open the ledger and one pool of connections for every call to Slack."""
        ledger = await Ledger.open(settings.database_url, clock=clock)
        return cls(
            settings=settings,
            clock=clock,
            ledger=ledger,
            tasks=BackgroundTasks(),
            # One connection pool for every call to Slack (Web API and response URLs):
            # slack_sdk would otherwise open a new session, and a new connection, for each one.
            slack_session=aiohttp.ClientSession(),
            worker=worker or f"{socket.gethostname()}:{os.getpid()}",
        )

    async def aclose(self) -> None:
        """Let running bookings finish and report, then close the ledger and the Slack pool."""
        await self.tasks.drain(SHUTDOWN_GRACE)
        await self.ledger.close()
        await self.slack_session.close()


def vitec_http(
    settings: Settings,
    username: str,
    password: str,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    max_connections: int | None = None,
) -> httpx.AsyncClient:
    """An HTTP client for Vitec with one account's credentials."""
    return create_http_client(
        settings.vitec_base_url,
        username,
        password,
        # At most httpx's 100 connections to Vitec at once (it asks partners not to hammer it);
        # beyond that a booking waits its turn as long as it would wait for an answer, rather
        # than failing as "never sent" after a few seconds.
        timeout=httpx.Timeout(
            connect=3.0, read=settings.vitec_timeout, write=10.0, pool=settings.vitec_timeout
        ),
        transport=transport,
        max_connections=max_connections,
    )


async def build_services(
    settings: Settings,
    *,
    vitec_transport: httpx.AsyncBaseTransport | None = None,
    clock: Callable[[], datetime] = utc_now,
    worker: str | None = None,
) -> Services:
    """Single-workspace mode: connect to Vitec, the database and Slack as the settings say."""
    one = settings.single_workspace
    process = await Process.open(settings, clock=clock, worker=worker)
    http = vitec_http(
        settings,
        one.vitec_username,
        one.vitec_password.get_secret_value(),
        transport=vitec_transport,
    )
    slack = slack_client(settings, process.slack_session, token=one.bot_token.get_secret_value())
    return assemble(
        process,
        http=http,
        slack=slack,
        customer_id=one.vitec_customer_id,
        access=settings.access,
    )


def assemble(
    process: Process,
    *,
    http: httpx.AsyncClient,
    slack: AsyncWebClient,
    customer_id: str,
    access: AccessSettings,
    office: Office | None = None,
) -> Services:
    """The use cases of one office, over the process's ledger and tasks.

    ``office`` names the workspace and office of an OAuth bundle; without it the bundle is
    single-workspace mode's and owns the process's parts.
    """
    settings, clock, ledger, tasks = process.settings, process.clock, process.ledger, process.tasks
    worker = process.worker
    vitec = VitecClient(http, on_attempt=observe_vitec)
    directory = Directory(
        vitec,
        customer_id=customer_id,
        clock=clock,
        options_timeout=settings.vitec_options_timeout,
        allowed_lead_sources=settings.allowed_lead_sources,
        coordination=ledger.coordination,
    )
    reporter = Reporter(slack, session=process.slack_session, retry_handlers=slack_retry_handlers())
    people = People(slack, default=settings.visningsbot_language, clock=clock)
    access_policy = AccessPolicy(people, UserGroups(slack, clock=clock), access)
    lease = timedelta(seconds=settings.signup_claim_lease)
    audit = BookingAudit(ledger, tasks)
    announcer = Announcer(reporter, ledger)
    machine = BookingMachine(vitec=vitec, ledger=ledger, worker=worker)
    new_contacts = NewContactBooker(vitec=vitec, ledger=ledger, worker=worker)
    # A read first waits for one of the office's Vitec connections: on a slow Vitec under a
    # burst that wait can be as long as the read itself.
    rechecks = Rechecks(
        directory=directory, access=access_policy, timeout=2 * settings.vitec_timeout
    )
    bulk = BulkBookings(
        machine=machine,
        rechecks=rechecks,
        ledger=ledger,
        directory=directory,
        reporter=reporter,
        tasks=tasks,
        deadline=settings.vitec_booking_deadline,
        worker=worker,
        lease=lease,
    )
    submissions = Submissions(
        machine=machine,
        rechecks=rechecks,
        announcer=announcer,
        ledger=ledger,
        directory=directory,
        tasks=tasks,
        clock=clock,
        deadline=settings.vitec_booking_deadline,
        worker=worker,
        lease=lease,
        new_contacts=new_contacts,
        bulk=bulk,
    )
    reconciler = Reconciler(
        machine=machine,
        announcer=announcer,
        ledger=ledger,
        worker=worker,
        lease=lease,
        new_contacts=new_contacts,
        office=office,
    )
    undo = Undo(vitec=vitec, ledger=ledger, reporter=reporter, access=access_policy, audit=audit)
    who = WhoIsComing(vitec=vitec, directory=directory)
    forms = FormOpener(
        slack=slack,
        directory=directory,
        reporter=reporter,
        people=people,
        clock=clock,
        ledger=ledger,
        who=who,
    )
    history = History(slack=slack, ledger=ledger, people=people)
    command = SlashCommand(
        opener=forms,
        history=history,
        directory=directory,
        people=people,
        reporter=reporter,
        follows=Follows(ledger=ledger, directory=directory, reporter=reporter),
    )
    pickers = Pickers(directory=directory, ledger=ledger)
    message_shortcut = MessageShortcut(
        opener=forms, directory=directory, pickers=pickers, people=people
    )
    notifications = Notifications(
        ledger=ledger,
        directory=directory,
        reporter=reporter,
        tasks=tasks,
        clock=clock,
        language=settings.visningsbot_language,
        team_id=office[0] if office is not None else None,
    )
    return Services(
        settings=settings,
        clock=clock,
        http=http,
        vitec=vitec,
        ledger=ledger,
        directory=directory,
        slack=slack,
        people=people,
        access=access_policy,
        reporter=reporter,
        tasks=tasks,
        submissions=submissions,
        undo=undo,
        reconciler=reconciler,
        forms=forms,
        command=command,
        pickers=pickers,
        history=history,
        message_shortcut=message_shortcut,
        notifications=notifications,
        workflow_step=WorkflowStep(
            directory=directory,
            machine=machine,
            ledger=ledger,
            clock=clock,
            worker=worker,
            lease=lease,
            language=settings.visningsbot_language,
            new_contacts=new_contacts,
        ),
        who=who,
        office=office,
    )
