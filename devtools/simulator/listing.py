"""``POST Estate/GetEstateList``: binding its ``Criteria.Estate.EstateCriteria`` body, filtering.

Choices where Vitec's behaviour is unknown:
- ``customerId`` left out means every open office the password opens (as the contact look-ups).
- ``statuses`` match an estate by ``id`` (the status's filter bit as a string, as everywhere in
  the simulator; a number binds too, as ASP.NET binds one to a string), or by ``name`` when an
  item has no ``id``. No ``statuses``: every estate, sold ones included.
- ``typeOfDate`` with ``dateFrom``/``dateTo`` filters on ``DateChanged`` or ``ViewingDate`` (any
  viewing starting in the range); the sample data has no signature or access dates, so those
  match nothing. ``countyMunicipalityCode`` is accepted and ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from devtools.simulator.errors import FieldError, Invalid
from devtools.simulator.records import EstateKind
from devtools.simulator.state import wall_clock

if TYPE_CHECKING:
    from devtools.simulator.records import EstateRecord

NO_BODY = "Begäran saknar innehåll."
NOT_A_STRING = "Värdet måste vara en text."
NOT_A_LIST = "Värdet måste vara en lista."
NOT_A_DATE = "Värdet är inte ett giltigt datum."

_DATE_TYPES = ("None", "DateChanged", "ViewingDate", "SignatureDate", "AccessDate")
_KINDS = {kind.criteria_name.lower(): kind for kind in EstateKind}


@dataclass(frozen=True)
class StatusWanted:
    """One item of ``statuses``: an id, else a name."""

    id: str | None
    name: str | None


@dataclass(frozen=True)
class EstateCriteria:
    """A bound ``Criteria.Estate.EstateCriteria``."""

    customer_id: str | None = None
    user_id: str | None = None
    type_of_date: str = "None"
    date_from: datetime | None = None
    date_to: datetime | None = None
    kinds: frozenset[EstateKind] = frozenset()
    statuses: tuple[StatusWanted, ...] = ()

    def matches(self, estate: EstateRecord) -> bool:
        """Whether the estate belongs in the answer (the office is chosen by the caller)."""
        if self.kinds and estate.kind not in self.kinds:
            return False
        if self.user_id and self.user_id.upper() not in {a.upper() for a in estate.agent_ids}:
            return False
        if self.statuses and not any(_status_matches(s, estate) for s in self.statuses):
            return False
        if self.date_from is None and self.date_to is None:
            return True
        match self.type_of_date:
            case "DateChanged":
                return self._in_range(estate.changed_at)
            case "ViewingDate":
                return any(self._in_range(v.starts_at) for v in estate.viewings)
            case "None":
                return True
            case _:
                return False

    def _in_range(self, moment: datetime) -> bool:
        if self.date_from is not None and moment < self.date_from:
            return False
        return self.date_to is None or moment <= self.date_to


def _status_matches(wanted: StatusWanted, estate: EstateRecord) -> bool:
    if wanted.id is not None:
        return wanted.id.strip() == str(estate.status.bit)
    return wanted.name is not None and wanted.name.strip().lower() == estate.status.label.lower()


def bind(raw: object) -> EstateCriteria:
    """Bind a parsed JSON body case-insensitively; raises Invalid naming each bad field."""
    if raw is None:
        raise Invalid(FieldError("criteria", NO_BODY, member=False))
    if not isinstance(raw, dict):
        raise Invalid(FieldError("criteria", "Begäran måste vara ett JSON-objekt.", member=False))
    body = _folded(raw)
    errors: list[FieldError] = []
    customer_id = _text(body, "customerid", "CustomerId", errors)
    user_id = _text(body, "userid", "UserId", errors)
    _text(body, "countymunicipalitycode", "CountyMunicipalityCode", errors)
    type_of_date = "None"
    raw_type = _text(body, "typeofdate", "TypeOfDate", errors)
    if raw_type is not None:
        found = next((t for t in _DATE_TYPES if t.lower() == raw_type.strip().lower()), None)
        if found is None:
            errors.append(FieldError("TypeOfDate", f"Värdet '{raw_type[:20]}' är inte giltigt."))
        else:
            type_of_date = found
    date_from = _date(body, "datefrom", "DateFrom", errors)
    date_to = _date(body, "dateto", "DateTo", errors)
    kinds = _kinds(body.get("type"), errors)
    statuses = _statuses(body.get("statuses"), errors)
    if errors:
        raise Invalid(*errors)
    return EstateCriteria(
        customer_id=customer_id or None,
        user_id=user_id or None,
        type_of_date=type_of_date,
        date_from=date_from,
        date_to=date_to,
        kinds=kinds,
        statuses=statuses,
    )


def _folded(raw: dict[Any, Any]) -> dict[str, Any]:
    return {key.lower(): value for key, value in raw.items() if isinstance(key, str)}


def _text(body: dict[str, Any], key: str, name: str, errors: list[FieldError]) -> str | None:
    value = body.get(key)
    if value is None or isinstance(value, str):
        return value
    errors.append(FieldError(name, NOT_A_STRING))
    return None


def _date(body: dict[str, Any], key: str, name: str, errors: list[FieldError]) -> datetime | None:
    value = body.get(key)
    if value is None:
        return None
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        return wall_clock(datetime.fromisoformat(value.strip()))
    except ValueError:
        errors.append(FieldError(name, NOT_A_DATE))
        return None


def _kinds(value: object, errors: list[FieldError]) -> frozenset[EstateKind]:
    if value is None:
        return frozenset()
    if not isinstance(value, list):
        errors.append(FieldError("Type", NOT_A_LIST))
        return frozenset()
    kinds = set()
    for n, item in enumerate(value):
        kind = _KINDS.get(item.strip().lower()) if isinstance(item, str) else None
        if kind is None:
            errors.append(FieldError(f"Type[{n}]", f"Värdet '{str(item)[:20]}' är inte giltigt."))
        else:
            kinds.add(kind)
    return frozenset(kinds)


def _statuses(value: object, errors: list[FieldError]) -> tuple[StatusWanted, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        errors.append(FieldError("Statuses", NOT_A_LIST))
        return ()
    wanted = []
    for n, item in enumerate(value):
        if not isinstance(item, dict):
            errors.append(FieldError(f"Statuses[{n}]", "Värdet måste vara ett objekt."))
            continue
        fields = _folded(item)
        status_id, name = fields.get("id"), fields.get("name")
        # ASP.NET binds a JSON number to a string property, so 4 and "4" are the same id.
        if isinstance(status_id, int | float) and not isinstance(status_id, bool):
            status_id = str(int(status_id)) if status_id == int(status_id) else str(status_id)
        if status_id is not None and not isinstance(status_id, str):
            errors.append(FieldError(f"Statuses[{n}].Id", NOT_A_STRING))
            continue
        if name is not None and not isinstance(name, str):
            errors.append(FieldError(f"Statuses[{n}].Name", NOT_A_STRING))
            continue
        wanted.append(StatusWanted(status_id, name))
    return tuple(wanted)
