"""The simulated broker system's records: immutable, in Vitec's terms but not its wire format.

All times are Swedish wall-clock time without an offset, as Vitec stores and sends them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime


class EstateStatus(Enum):
    """Advertising status of an estate; ``bit`` is its flag in the ``Status`` list filter."""

    FOR_SALE = (4, "Till salu")
    COMING = (1024, "Kommande")
    ADVANTAGE = (2048, "Förtur")
    SOON_FOR_SALE = (8192, "Snart till salu")
    # Not one of the documented filter flags: only listed when the filter is left out.
    SOLD = (16384, "Såld")

    def __init__(self, bit: int, label: str) -> None:
        self.bit = bit
        self.label = label


class EstateKind(Enum):
    """Type of estate: its name in ``EstateCriteria.type`` and its list in ``EstateList``."""

    HOUSE = ("House", "houses")
    COTTAGE = ("Cottage", "cottages")
    HOUSING_COOPERATIVE = ("HousingCooperative", "housingCooperativeses")
    PLOT = ("Plot", "plots")
    PROJECT = ("Project", "projects")
    FARM = ("Farm", "farms")
    COMMERCIAL_PROPERTY = ("CommercialProperty", "commercialPropertys")
    CONDOMINIUM = ("Condominium", "condominiums")
    FOREIGN_PROPERTY = ("Foreignproperty", "foreignProperties")
    PREMISES = ("Premises", "premises")

    def __init__(self, criteria_name: str, list_name: str) -> None:
        # Both spellings are Vitec's own, "housingCooperativeses" and "Foreignproperty" included.
        self.criteria_name = criteria_name
        self.list_name = list_name


@dataclass(frozen=True)
class Office:
    customer_id: str
    name: str
    city: str


@dataclass(frozen=True)
class Agent:
    id: str
    customer_id: str
    name: str
    email: str


@dataclass(frozen=True)
class Slot:
    id: str
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class ViewingRecord:
    id: str
    estate_id: str
    customer_id: str
    slots: tuple[Slot, ...]
    capacity: int | None
    """Participants per slot (participantPerTimeSlot); None means no limit."""
    deadline: datetime | None
    """Last moment to book (noLaterThen)."""
    bookable_from_internet: bool = True
    show_on_internet: bool = True
    commentary: str | None = None

    @property
    def starts_at(self) -> datetime:
        """Start of the first slot."""
        return self.slots[0].starts_at

    @property
    def ends_at(self) -> datetime:
        """End of the last slot."""
        return self.slots[-1].ends_at

    def slot(self, slot_id: str) -> Slot | None:
        """The slot with this id, compared case-insensitively."""
        wanted = slot_id.upper()
        return next((s for s in self.slots if s.id.upper() == wanted), None)


@dataclass(frozen=True)
class EstateRecord:
    id: str
    customer_id: str
    reference_id: str
    status: EstateStatus
    street_address: str
    zip_code: str
    postal_town: str
    area: str
    agent_ids: tuple[str, ...]
    """The estate's agents, primary first."""
    changed_at: datetime
    viewings: tuple[ViewingRecord, ...] = ()
    kind: EstateKind = EstateKind.HOUSING_COOPERATIVE


@dataclass(frozen=True)
class ContactRecord:
    id: str
    customer_id: str
    first_name: str
    last_name: str
    changed_at: datetime
    cell: str | None = None
    home: str | None = None
    work: str | None = None
    email: str | None = None
    email2: str | None = None
    street_address: str | None = None
    zip_code: str | None = None
    postal_address: str | None = None

    @property
    def full_name(self) -> str:
        """First and last name."""
        return f"{self.first_name} {self.last_name}"

    @property
    def phones(self) -> tuple[str, ...]:
        """Every number the contact has."""
        return tuple(p for p in (self.cell, self.home, self.work) if p)


@dataclass(frozen=True)
class LeadSourceRecord:
    id: str
    customer_id: str
    name: str
    lead_type: str
    has_workflow: bool
    """Vitec does not show this in the JSON, but refuses such a source in a booking."""


@dataclass(frozen=True)
class Registration:
    """A contact booked on a slot of a viewing (one slot per contact and viewing)."""

    customer_id: str
    viewing_id: str
    slot_id: str
    contact_id: str
    participated: bool = False
    contacted: str = "No"
