"""The simulator's own JSON API under ``/_simulator``: no auth, for clients on this machine only.

- ``GET  /_simulator/offices``               offices with name, password and whether closed
- ``PUT  /_simulator/offices/{customerId}``  ``{"password": "…" | null, "closed": bool}``, either
- ``GET  /_simulator/settings``              ``{"alreadyBooked", "errorBody", "estateList"}``
- ``PUT  /_simulator/settings``              change any of them
- ``GET  /_simulator/shape``                 the JSON shape variants switched on
- ``PUT  /_simulator/shape``                 replace them (see ``devtools.simulator.shape.Shape``)
- ``DELETE /_simulator/shape``               Vitec's published shape again
- ``GET  /_simulator/known``                 the well-known sample records (ids for docs/tests)
- ``GET  /_simulator/bookings``              bookings made through the API, oldest first
- ``GET  /_simulator/requests?limit=N``      the request log, newest first, passwords masked
- ``GET  /_simulator/faults``                the active faults
- ``PUT  /_simulator/faults``                replace them (see ``devtools.simulator.faults.Faults``)
- ``DELETE /_simulator/faults``              a healthy Vitec again; held requests go on
- ``POST /_simulator/release``               let held requests go on: ``{"released": n}``
- ``POST /_simulator/reset``                 back to the state at start
- ``GET  /_simulator/notifications``         ``{"url", "enabled", "sent"}``: Vitec's notifications
- ``PUT  /_simulator/notifications``         ``{"url": "http://127.0.0.1:…/…", "enabled": bool}``
- ``POST /_simulator/web-booking``           book a contact as the office's website would
                                             (``{"estateId", "contactId"}``, both optional)
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic.alias_generators import to_camel
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from devtools.simulator import booking, known
from devtools.simulator.faults import Faults
from devtools.simulator.loopback import is_loopback_client
from devtools.simulator.records import Registration
from devtools.simulator.shape import Shape

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from starlette.requests import Request

    from devtools.simulator.state import SimulatorState


class _Change(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel, validate_by_name=True, validate_by_alias=True, extra="forbid"
    )


class OfficeChange(_Change):
    password: str | None = None
    """null removes the password, so no credentials open the office."""
    closed: bool | None = None


class SettingsChange(_Change):
    already_booked: Literal["error", "ok"] | None = None
    error_body: Literal["aspnet", "problem", "text"] | None = None
    estate_list: Literal["on", "forbidden", "missing"] | None = None


class NotificationsChange(_Change):
    url: str | None = None
    """Where notifications go (on this machine); left out, it stays as it is."""
    enabled: bool | None = None


class WebBooking(_Change):
    customer_id: str = known.SODERMALM
    estate_id: str = known.ESTATE_ID
    contact_id: str | None = None
    """Left out: a contact of the office not on the viewing yet."""


def _invalid(error: ValidationError | ValueError) -> Response:
    if isinstance(error, ValidationError):
        detail: Any = json.loads(error.json(include_url=False, include_context=False))
    else:
        detail = str(error)
    return JSONResponse({"error": "invalid body", "detail": detail}, status_code=422)


def _known_records() -> dict[str, Any]:
    return {
        to_camel(name.lower()): value
        for name, value in vars(known).items()
        if name.isupper() and isinstance(value, str | int | tuple | dict)
    }


def admin_routes(state: SimulatorState) -> list[Route]:
    """The admin API's routes, bound to one simulator's state."""

    def offices_json() -> list[dict[str, Any]]:
        return [
            {
                "customerId": o.customer_id,
                "name": o.name,
                "password": state.password_of(o.customer_id),
                "closed": state.is_closed(o.customer_id),
            }
            for o in state.data.offices
        ]

    def settings_json() -> dict[str, str]:
        return {
            "alreadyBooked": state.config.already_booked,
            "errorBody": state.config.error_body,
            "estateList": state.config.estate_list,
        }

    async def offices(request: Request) -> Response:
        return JSONResponse(offices_json())

    async def change_office(request: Request) -> Response:
        customer_id = request.path_params["customer_id"].upper()
        if state.data.office(customer_id) is None:
            return JSONResponse({"error": f"unknown office {customer_id}"}, status_code=404)
        try:
            change = OfficeChange.model_validate_json(await request.body())
        except ValidationError as error:
            return _invalid(error)
        if "password" in change.model_fields_set:
            state.set_password(customer_id, change.password)
        if change.closed is not None:
            state.set_closed(customer_id, change.closed)
        return JSONResponse(next(o for o in offices_json() if o["customerId"] == customer_id))

    async def settings(request: Request) -> Response:
        return JSONResponse(settings_json())

    async def change_settings(request: Request) -> Response:
        try:
            change = SettingsChange.model_validate_json(await request.body())
        except ValidationError as error:
            return _invalid(error)
        state.configure(
            already_booked=change.already_booked,
            error_body=change.error_body,
            estate_list=change.estate_list,
        )
        return JSONResponse(settings_json())

    def notifications_json() -> dict[str, Any]:
        notifier = state.notifier
        return {
            "url": notifier.url,
            "enabled": notifier.enabled,
            "sent": [n.to_json() for n in reversed(notifier.sent)],
        }

    async def notifications(request: Request) -> Response:
        return JSONResponse(notifications_json())

    async def change_notifications(request: Request) -> Response:
        try:
            change = NotificationsChange.model_validate_json(await request.body())
            state.notifier.configure(url=change.url, enabled=change.enabled)
        except (ValidationError, ValueError) as error:
            return _invalid(error)
        return JSONResponse(notifications_json())

    async def web_booking(request: Request) -> Response:
        try:
            wanted = WebBooking.model_validate_json(await request.body() or b"{}")
        except ValidationError as error:
            return _invalid(error)
        made = book_from_web(state, wanted)
        if isinstance(made, str):
            return JSONResponse({"error": made}, status_code=409)
        return JSONResponse(made, status_code=201)

    async def shape(request: Request) -> Response:
        return JSONResponse(state.shape.model_dump(mode="json"))

    async def set_shape(request: Request) -> Response:
        try:
            state.configure(shape=Shape.model_validate_json(await request.body()))
        except ValidationError as error:
            return _invalid(error)
        return JSONResponse(state.shape.model_dump(mode="json"))

    async def clear_shape(request: Request) -> Response:
        state.configure(shape=Shape())
        return Response(status_code=204)

    async def known_records(request: Request) -> Response:
        return JSONResponse(_known_records())

    async def bookings(request: Request) -> Response:
        return JSONResponse([b.to_json() for b in state.bookings])

    async def requests(request: Request) -> Response:
        try:
            limit = int(request.query_params.get("limit", len(state.requests)))
        except ValueError as error:
            return _invalid(error)
        return JSONResponse([r.to_json() for r in list(state.requests)[: max(limit, 0)]])

    async def faults(request: Request) -> Response:
        return JSONResponse(state.faults.model_dump(mode="json"))

    async def set_faults(request: Request) -> Response:
        try:
            state.faults = Faults.model_validate_json(await request.body())
        except ValidationError as error:
            return _invalid(error)
        return JSONResponse(state.faults.model_dump(mode="json"))

    async def clear_faults(request: Request) -> Response:
        state.clear_faults()
        return Response(status_code=204)

    async def release(request: Request) -> Response:
        return JSONResponse({"released": state.release()})

    async def reset(request: Request) -> Response:
        state.reset()
        return Response(status_code=204)

    table: list[tuple[str, str, Callable[[Request], Awaitable[Response]]]] = [
        ("GET", "/offices", offices),
        ("PUT", "/offices/{customer_id}", change_office),
        ("GET", "/settings", settings),
        ("PUT", "/settings", change_settings),
        ("GET", "/shape", shape),
        ("PUT", "/shape", set_shape),
        ("DELETE", "/shape", clear_shape),
        ("GET", "/known", known_records),
        ("GET", "/bookings", bookings),
        ("GET", "/requests", requests),
        ("GET", "/faults", faults),
        ("PUT", "/faults", set_faults),
        ("DELETE", "/faults", clear_faults),
        ("POST", "/release", release),
        ("POST", "/reset", reset),
        ("GET", "/notifications", notifications),
        ("PUT", "/notifications", change_notifications),
        ("POST", "/web-booking", web_booking),
    ]
    return [
        Route(path, _loopback_only(endpoint), methods=[method]) for method, path, endpoint in table
    ]


def book_from_web(state: SimulatorState, wanted: WebBooking) -> dict[str, Any] | str:
    """Book a contact on the estate's next slot with room, as its website would; what was
    booked, or why nothing could be."""
    office = wanted.customer_id.upper()
    estate = state.data.estate(office, wanted.estate_id)
    if estate is None:
        return f"unknown estate {wanted.estate_id}"
    open_slots = [
        (viewing, slot)
        for viewing in estate.viewings
        for slot in viewing.slots
        if booking.registration_available(state, viewing, slot)
    ]
    if not open_slots:
        return "no upcoming time slot with room"
    viewing, slot = min(open_slots, key=lambda pair: pair[1].starts_at)
    if wanted.contact_id is not None:
        contact = state.data.contact(office, wanted.contact_id)
        if contact is None:
            return f"unknown contact {wanted.contact_id}"
        if state.participant(office, viewing.id, contact.id) is not None:
            return "the contact is on the viewing already"
    else:
        free = [
            c
            for c in state.data.contacts_of(office)
            if state.participant(office, viewing.id, c.id) is None
        ]
        if not free:
            return "every contact is on the viewing already"
        contact = free[-1]
    state.book_from_web(Registration(office, viewing.id, slot.id, contact.id))
    return {
        "customerId": office,
        "estateId": estate.id,
        "viewingId": viewing.id,
        "timeSlotId": slot.id,
        "contactId": contact.id,
        "name": f"{contact.first_name} {contact.last_name}",
        "startsAt": slot.starts_at.isoformat(),
    }


def _loopback_only(
    endpoint: Callable[[Request], Awaitable[Response]],
) -> Callable[[Request], Awaitable[Response]]:
    # It hands out every office's password and rewrites how Vitec behaves: another machine
    # that reaches the simulator (bound wider than loopback by mistake) gets none of it.
    async def guarded(request: Request) -> Response:
        if not is_loopback_client(request.client):
            return JSONResponse(
                {"error": "the admin API answers clients on this machine only"}, status_code=403
            )
        return await endpoint(request)

    return guarded
