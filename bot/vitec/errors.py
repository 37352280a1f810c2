"""What can go wrong talking to Vitec Connect, split by what the caller may conclude from it."""

from __future__ import annotations

from dataclasses import dataclass


class VitecError(Exception):
    """Base of every error the Vitec client raises."""


class VitecNoResponseError(VitecError):
    """No HTTP answer arrived."""

    method: str
    endpoint: str

    def __init__(self, method: str, endpoint: str, detail: str) -> None:
        super().__init__(f"{method} {endpoint}: {detail}")
        self.method = method
        self.endpoint = endpoint


class VitecConnectError(VitecNoResponseError):
    """The request certainly never reached Vitec (connection refused, DNS, connect timeout)."""


class VitecTimeoutError(VitecNoResponseError):
    """The request may have reached Vitec, but no answer came in time: the outcome is unknown."""


@dataclass(frozen=True)
class FieldMessage:
    """One validation message from Vitec, with the request field it concerns when Vitec names it."""

    message: str
    field: str | None = None


class VitecStatusError(VitecError):
    """Vitec answered with an HTTP status that is not success."""

    status_code: int

    def __init__(self, method: str, endpoint: str, status_code: int, detail: str = "") -> None:
        text = f"{method} {endpoint} answered {status_code}"
        super().__init__(f"{text}: {detail}" if detail else text)
        self.method = method
        self.endpoint = endpoint
        self.status_code = status_code


class VitecValidationError(VitecStatusError):
    """400: Vitec refused the request; ``messages`` holds its reasons, in its own words."""

    def __init__(self, method: str, endpoint: str, messages: tuple[FieldMessage, ...]) -> None:
        super().__init__(method, endpoint, 400, f"{len(messages)} validation message(s)")
        self.messages = messages


class VitecAuthError(VitecStatusError):
    """401: the user name or password was not accepted."""


class VitecForbiddenError(VitecStatusError):
    """403: no access to that office or its data (a closed office answers 403 to everything)."""


class VitecNotFoundError(VitecStatusError):
    """404: an id Vitec does not know."""


class VitecNotOfferedError(VitecStatusError):
    """A read not offered to these credentials or this office; read the same data another way.

    ``status_code`` keeps how Vitec refused (400, 403, 404, 405 or 501).
    """


class VitecRateLimitedError(VitecStatusError):
    """429: too many requests; ``retry_after`` is Vitec's wait in seconds when it gave one."""

    def __init__(self, method: str, endpoint: str, retry_after: float | None) -> None:
        super().__init__(method, endpoint, 429)
        self.retry_after = retry_after


class VitecServerError(VitecStatusError):
    """5xx: Vitec failed; for a write the outcome is unknown."""


class VitecResponseError(VitecError):
    """A success status whose body was not the JSON expected (HTML, truncated, another shape)."""

    def __init__(self, method: str, endpoint: str, detail: str) -> None:
        super().__init__(f"{method} {endpoint}: unexpected answer: {detail}")
        self.method = method
        self.endpoint = endpoint
