from __future__ import annotations

import pytest

from bot.vitec.errors import (
    FieldMessage,
    VitecAuthError,
    VitecConnectError,
    VitecError,
    VitecForbiddenError,
    VitecNoResponseError,
    VitecNotFoundError,
    VitecRateLimitedError,
    VitecResponseError,
    VitecServerError,
    VitecStatusError,
    VitecTimeoutError,
    VitecValidationError,
)
from bot.vitec.paths import InvalidIdError
from tests.bot.vitec.support import CONTACT

TEMPLATE = "Viewing/{customer_id}/{viewing_id}/{time_slot_id}/Participant/{contact_id}"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "empty"),
        ("A" * 41, "41 characters, at most 40 allowed"),
        (CONTACT + "/x", "only A-Z, a-z, 0-9, '_' and '-' are allowed"),
        (None, "expected a string, got NoneType"),
    ],
)
def test_invalid_id_error_says_why_without_the_value(value: object, reason: str) -> None:
    error = InvalidIdError("contact_id", value)
    assert str(error) == f"invalid contact_id: {reason}"
    assert error.name == "contact_id"
    assert isinstance(error, ValueError)
    # Vitec was never asked: whatever catches Vitec's failures must not report this as one.
    assert not isinstance(error, VitecError)


def test_the_split_between_no_answer_and_an_answer() -> None:
    for no_answer in (VitecConnectError, VitecTimeoutError):
        assert issubclass(no_answer, VitecNoResponseError)
        assert not issubclass(no_answer, VitecStatusError)
    for answered in (
        VitecValidationError,
        VitecAuthError,
        VitecForbiddenError,
        VitecNotFoundError,
        VitecRateLimitedError,
        VitecServerError,
    ):
        assert issubclass(answered, VitecStatusError)
    for error in (VitecNoResponseError, VitecStatusError, VitecResponseError):
        assert issubclass(error, VitecError)


def test_messages_name_the_template_and_never_vitecs_words() -> None:
    refused = VitecValidationError("POST", TEMPLATE, (FieldMessage(f"{CONTACT} är spärrad"),))
    assert str(refused) == f"POST {TEMPLATE} answered 400: 1 validation message(s)"
    assert refused.status_code == 400
    limited = VitecRateLimitedError("GET", "Viewing/{customer_id}/{estate_id}", 2.5)
    assert (limited.status_code, limited.retry_after) == (429, 2.5)
    assert (
        str(VitecTimeoutError("POST", TEMPLATE, "ReadTimeout")) == f"POST {TEMPLATE}: ReadTimeout"
    )
