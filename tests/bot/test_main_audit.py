"""``visningsbot audit --since …``: the data-protection officer's record, ids only."""

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.store import AuditAction, Ledger, NewAuditEvent

CONTACT = "ADRB3FB3F740E355BCB0DEDDEE3C2402D98"


@pytest.fixture
def database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.chdir(tmp_path)
    url = f"sqlite+aiosqlite:///{tmp_path / 'ledger.sqlite3'}"
    for name, value in {
        "SLACK_BOT_TOKEN": "xoxb-1-2-3",
        "SLACK_SIGNING_SECRET": "abcdef0123456789",
        "VITEC_USERNAME": "visningsbot",
        "VITEC_PASSWORD": "pw-for-tests",
        "VITEC_CUSTOMER_ID": "M30011",
        "DATABASE_URL": url,
    }.items():
        monkeypatch.setenv(name, value)
    return url


def record(url: str, at: datetime, event: NewAuditEvent) -> None:
    async def write() -> None:
        async with await Ledger.open(url, clock=lambda: at) as ledger:
            await ledger.audit.record(event)

    asyncio.run(write())


def test_audit_prints_who_did_what_with_which_contact_id_since_a_date(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    record(
        database,
        datetime(2026, 10, 31, 22, 30, tzinfo=UTC),  # 23:30 in Sweden: before 1 November
        NewAuditEvent(team_id="T01", user_id="U0ERIK", action=AuditAction.SEARCH),
    )
    record(
        database,
        datetime(2026, 11, 2, 8, 14, 3, tzinfo=UTC),
        NewAuditEvent(
            team_id="T01",
            user_id="U0AGNETA",
            action=AuditAction.SEARCH,
            detail="personnummer",
            customer_id="M30011",
            result_count=1,
            contact_ids=(CONTACT,),
        ),
    )
    record(
        database,
        datetime(2026, 11, 2, 8, 15, tzinfo=UTC),
        NewAuditEvent(
            team_id="T01",
            user_id="U0AGNETA",
            action=AuditAction.BOOK,
            detail="booked",
            customer_id="M30011",
            contact_ids=(CONTACT,),
            signup_id=12,
            viewing_id="VIS1",
            time_slot_id="TS1",
        ),
    )

    assert main(["audit", "--since", "2026-11-01"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "time\tteam\tuser\taction\tdetail\tresults\tsignup\toffice\tviewing\tslot\tcontacts",
        f"2026-11-02T09:14:03+01:00\tT01\tU0AGNETA\tsearch\tpersonnummer\t1\t-\tM30011\t-\t-\t{CONTACT}",
        f"2026-11-02T09:15:00+01:00\tT01\tU0AGNETA\tbook\tbooked\t-\t12\tM30011\tVIS1\tTS1\t{CONTACT}",
    ]


def test_audit_until_bounds_the_period_and_a_bad_date_is_explained(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    record(
        database,
        datetime(2026, 11, 2, 8, 0, tzinfo=UTC),
        NewAuditEvent(team_id="T01", user_id="U0ERIK", action=AuditAction.UNDO, signup_id=3),
    )
    assert main(["audit", "--since", "2026-11-01", "--until", "2026-11-02T09:00"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1, "09:00 Swedish time is 08:00 UTC"

    with pytest.raises(SystemExit) as caught:
        main(["audit", "--since", "last tuesday"])
    assert caught.value.code == 2
    assert "is not a date like 2026-11-01" in capsys.readouterr().err


def test_purge_also_deletes_audit_records_past_retention(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    record(
        database,
        datetime(2020, 1, 1, tzinfo=UTC),
        NewAuditEvent(team_id="T01", user_id="U0ERIK", action=AuditAction.SEARCH),
    )
    assert main(["purge"]) == 0
    assert "deleted 1 audit record(s) older than 90 days" in capsys.readouterr().out
    assert main(["audit", "--since", "2019-01-01"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
