"""The AddNewViewingParticipant call: a person found by Vitec's duplicate check, or created.

Vitec's help describes the duplicate check as: the contact id, else the personnummer, else first
and last name together with a phone number or an e-mail address. The simulator follows that:
names compare without regard to case or diacritics, phones without regard to formatting, e-mail
addresses without regard to case. A person it cannot find is created in the office.

Choices where Vitec's behaviour is unknown:
- first and last name are required unless a contact id or personnummer is given;
- the lengths are the ones Vitec's help prints (names 30, mobile 17, e-mail 100, personnummer 20);
- the body has no ``options`` in the published description, so both checks are on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from devtools.simulator import booking, lookup
from devtools.simulator.errors import FieldError, Invalid

if TYPE_CHECKING:
    from collections.abc import Iterable

    from devtools.simulator.records import ContactRecord

MAX_NAME = 30
MAX_PHONE = 17
MAX_EMAIL = 100
MAX_SSN = 20

NO_PERSON = "Kontaktuppgifter (UpdatePerson) måste anges."
NAME_NEEDED = "För- och efternamn måste anges."
PHONE_OR_EMAIL_NEEDED = "Mobilnummer eller e-postadress måste anges."
BAD_EMAIL = "E-postadressen är inte giltig."
UNKNOWN_CONTACT = "Kontakten finns inte."


def _too_long(limit: int) -> str:
    return f"Värdet får vara högst {limit} tecken."


@dataclass(frozen=True)
class PersonRequest:
    """The bound ``updatePerson``: what the duplicate check and a new contact are made of."""

    contact_id: str | None
    social_security_number: str | None
    first_name: str
    last_name: str
    cell_phone: str | None
    email: str | None


@dataclass(frozen=True)
class NewBookingRequest:
    """A bound AddNewViewingParticipant body."""

    booking: booking.BookingRequest
    person: PersonRequest
    return_booking_id: bool


def bind(raw: object) -> NewBookingRequest:
    """Bind the body case-insensitively; raises Invalid naming each bad field."""
    if not isinstance(raw, dict):
        booking.bind(raw)  # refuses a missing or non-object body in AddViewingParticipant's words
        raise Invalid(FieldError("model", booking.NO_BODY, member=False))
    body = {key.lower(): value for key, value in raw.items() if isinstance(key, str)}
    # The booking choices bind exactly as AddViewingParticipant's, without options.
    shared = {k: v for k, v in raw.items() if isinstance(k, str) and k.lower() != "options"}
    errors: list[FieldError] = []
    try:
        request = booking.bind({k: v for k, v in shared.items() if k.lower() != "updateperson"})
    except Invalid as exc:
        errors.extend(exc.errors)
        request = booking.BookingRequest()
    flag = body.get("returnbookingid")
    if flag is not None and not isinstance(flag, bool):
        errors.append(FieldError("ReturnBookingId", booking.NOT_A_BOOLEAN))
    person = _person(body.get("updateperson"), errors)
    if errors:
        raise Invalid(*errors)
    return NewBookingRequest(request, person, flag is True)


def _empty_person() -> PersonRequest:
    return PersonRequest(None, None, "", "", None, None)


def _person(raw: object, errors: list[FieldError]) -> PersonRequest:
    if not isinstance(raw, dict):
        errors.append(FieldError("UpdatePerson", NO_PERSON))
        return _empty_person()
    given = {key.lower(): value for key, value in raw.items() if isinstance(key, str)}

    def text(key: str, name: str, limit: int) -> str | None:
        value = given.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            errors.append(FieldError(f"UpdatePerson.{name}", booking.NOT_A_STRING))
            return None
        value = value.strip()
        if len(value) > limit:
            errors.append(FieldError(f"UpdatePerson.{name}", _too_long(limit)))
        return value or None

    contact_id = text("contactid", "ContactId", 40)
    ssn = text("socialsecuritynumber", "SocialSecurityNumber", MAX_SSN)
    first = text("firstname", "FirstName", MAX_NAME) or ""
    last = text("lastname", "LastName", MAX_NAME) or ""
    cell = text("cellphone", "CellPhone", MAX_PHONE)
    email: str | None = None
    mail = given.get("email")
    if isinstance(mail, dict):
        inner = {key.lower(): value for key, value in mail.items() if isinstance(key, str)}
        address = inner.get("emailaddress")
        if address is not None and not isinstance(address, str):
            errors.append(FieldError("UpdatePerson.Email.EmailAddress", booking.NOT_A_STRING))
        elif isinstance(address, str) and address.strip():
            email = address.strip()
            if len(email) > MAX_EMAIL:
                errors.append(FieldError("UpdatePerson.Email.EmailAddress", _too_long(MAX_EMAIL)))
            elif "@" not in email[1:-1]:
                errors.append(FieldError("UpdatePerson.Email.EmailAddress", BAD_EMAIL))
    elif mail is not None:
        errors.append(FieldError("UpdatePerson.Email", "Värdet måste vara ett objekt."))
    if contact_id is None and ssn is None:
        if not (first and last):
            errors.append(FieldError("UpdatePerson", NAME_NEEDED))
        elif cell is None and email is None:
            errors.append(FieldError("UpdatePerson", PHONE_OR_EMAIL_NEEDED))
    return PersonRequest(contact_id, ssn, first, last, cell, email)


def find_existing(contacts: Iterable[ContactRecord], person: PersonRequest) -> ContactRecord | None:
    """Vitec's duplicate check: the first contact of the office that the person matches."""
    people = list(contacts)
    if person.contact_id is not None:
        wanted = person.contact_id.upper()
        found = next((c for c in people if c.id.upper() == wanted), None)
        if found is None:
            raise Invalid(FieldError("UpdatePerson.ContactId", UNKNOWN_CONTACT))
        return found
    first, last = lookup.fold(person.first_name), lookup.fold(person.last_name)
    namesakes = [
        c for c in people if lookup.fold(c.first_name) == first and lookup.fold(c.last_name) == last
    ]
    if person.cell_phone:
        by_phone = lookup.by_phone(namesakes, person.cell_phone)
        if by_phone:
            return by_phone[0]
    if person.email:
        by_email = lookup.by_email(namesakes, [person.email])
        if by_email:
            return by_email[0]
    return None


def answer(contact: ContactRecord, booking_id: str, request: NewBookingRequest) -> Any:
    """What the call answers: the booking's id when asked for, else the contact's id."""
    return booking_id if request.return_booking_id else contact.id
