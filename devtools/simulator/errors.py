"""Refusals the simulated endpoints raise, and the error bodies Vitec-like servers send for them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from starlette.responses import JSONResponse, PlainTextResponse, Response

if TYPE_CHECKING:
    from collections.abc import Mapping

    from devtools.simulator.config import ErrorBodyShape

_PROBLEM_TYPES = {
    400: "https://tools.ietf.org/html/rfc9110#section-15.5.1",
    401: "https://tools.ietf.org/html/rfc9110#section-15.5.2",
    403: "https://tools.ietf.org/html/rfc9110#section-15.5.4",
    404: "https://tools.ietf.org/html/rfc9110#section-15.5.5",
    405: "https://tools.ietf.org/html/rfc9110#section-15.5.6",
    429: "https://tools.ietf.org/html/rfc6585#section-4",
    500: "https://tools.ietf.org/html/rfc9110#section-15.6.1",
}

INVALID_REQUEST = "Begäran är ogiltig."
PROBLEM_TITLE = "Ett eller flera valideringsfel inträffade."


@dataclass(frozen=True)
class FieldError:
    """One validation message about one request field.

    ``field`` is the name as the server knows it: a member of the bound body or query model in
    PascalCase (``LeadSourceId``, ``Options.EnableBookingLimitValidation``), or a route parameter
    in camelCase (``timeSlotId``) when ``member`` is false.
    """

    field: str
    message: str
    member: bool = True


class Refusal(Exception):
    """An endpoint's non-validation refusal (401, 403, 404, …) with Vitec's message."""

    def __init__(
        self, status: int, message: str, *, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


class Invalid(Exception):
    """A 400 with one or more field messages."""

    def __init__(self, *errors: FieldError) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


def validation_response(shape: ErrorBodyShape, errors: tuple[FieldError, ...]) -> Response:
    """The 400 answer for these field messages, in the configured body shape."""
    if shape == "text":
        return PlainTextResponse("\n".join(e.message for e in errors), status_code=400)
    grouped: dict[str, list[str]] = {}
    for error in errors:
        if shape == "aspnet":
            key = f"model.{error.field}" if error.member else error.field
        else:
            key = error.field
        grouped.setdefault(key, []).append(error.message)
    if shape == "aspnet":
        return JSONResponse({"message": INVALID_REQUEST, "modelState": grouped}, status_code=400)
    body = {"type": _PROBLEM_TYPES[400], "title": PROBLEM_TITLE, "status": 400, "errors": grouped}
    return JSONResponse(body, status_code=400, media_type="application/problem+json")


def status_response(
    shape: ErrorBodyShape,
    status: int,
    message: str,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """Any other error answer (401, 403, 404, 429, 5xx) in the configured body shape."""
    if shape == "text":
        return PlainTextResponse(message, status_code=status, headers=headers)
    if shape == "aspnet":
        return JSONResponse({"message": message}, status_code=status, headers=headers)
    body = {
        "type": _PROBLEM_TYPES.get(status, _PROBLEM_TYPES[500]),
        "title": message,
        "status": status,
    }
    return JSONResponse(
        body, status_code=status, headers=headers, media_type="application/problem+json"
    )


def refusal_response(shape: ErrorBodyShape, refusal: Refusal | Invalid) -> Response:
    """The answer for a refusal raised by an endpoint."""
    if isinstance(refusal, Invalid):
        return validation_response(shape, refusal.errors)
    return status_response(shape, refusal.status, refusal.message, refusal.headers)
