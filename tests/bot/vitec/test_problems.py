from __future__ import annotations

import json
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.vitec.errors import FieldMessage
from bot.vitec.problems import (
    MAX_MESSAGE_LENGTH,
    MAX_MESSAGES,
    parse_validation_messages,
    wire_field_name,
)

JSON = "application/json; charset=utf-8"
FALLBACK: tuple[FieldMessage, ...] = ()
"""No reason Vitec gave: the bot says so in its own words, never in a made-up Vitec sentence."""


def as_json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        pytest.param(
            as_json(
                {
                    "message": "The request is invalid.",
                    "modelState": {
                        "model.LeadSourceId": ["Leadkällan har ett arbetsflöde."],
                        "": ["Sista anmälningsdag har passerat."],
                    },
                }
            ),
            JSON,
            (
                FieldMessage("Leadkällan har ett arbetsflöde.", "leadSourceId"),
                FieldMessage("Sista anmälningsdag har passerat."),
                FieldMessage("The request is invalid."),
            ),
            id="aspnet-modelstate",
        ),
        pytest.param(
            as_json(
                {
                    "Message": "Ogiltig begäran.",
                    "ModelState": {"addViewingParticipant.leadSourceId": "Okänd leadkälla."},
                }
            ),
            JSON,
            (
                FieldMessage("Okänd leadkälla.", "leadSourceId"),
                FieldMessage("Ogiltig begäran."),
            ),
            id="aspnet-pascal-case-and-single-string",
        ),
        pytest.param(
            as_json(
                {
                    "type": "https://tools.ietf.org/html/rfc7231#section-6.5.1",
                    "title": "One or more validation errors occurred.",
                    "status": 400,
                    "detail": "Tidpunkten är fullbokad.",
                    "errors": {
                        "LeadSourceId": ["Leadkällan finns inte."],
                        "$.options.IsDeadlineValidationEnabled": ["Ogiltigt värde."],
                    },
                }
            ),
            "application/problem+json",
            (
                FieldMessage("Leadkällan finns inte.", "leadSourceId"),
                FieldMessage("Ogiltigt värde.", "isDeadlineValidationEnabled"),
                FieldMessage("Tidpunkten är fullbokad."),
                FieldMessage("One or more validation errors occurred."),
            ),
            id="problem-details",
        ),
        pytest.param(
            as_json({"errors": [{"field": "ReminderTime", "message": "Ogiltig påminnelse."}]}),
            JSON,
            (FieldMessage("Ogiltig påminnelse.", "reminderTime"),),
            id="error-list-with-fields",
        ),
        pytest.param(
            as_json({"error": {"code": "Full", "message": "Visningen är fullbokad."}}),
            JSON,
            (FieldMessage("Visningen är fullbokad."),),
            id="nested-error-object",
        ),
        pytest.param(
            as_json("Kontakten är redan anmäld."),
            JSON,
            (FieldMessage("Kontakten är redan anmäld."),),
            id="bare-json-string",
        ),
        pytest.param(
            as_json(["Fel ett.", "Fel två."]),
            JSON,
            (FieldMessage("Fel ett."), FieldMessage("Fel två.")),
            id="json-list-of-strings",
        ),
        pytest.param(
            "  Visningen är\n\tfullbokad.  ".encode(),
            "text/plain; charset=utf-8",
            (FieldMessage("Visningen är fullbokad."),),
            id="plain-text",
        ),
        pytest.param(
            b"Bad Request",
            JSON,
            (FieldMessage("Bad Request"),),
            id="text-labelled-json",
        ),
        pytest.param(
            (
                b"<!DOCTYPE html><html><head><title>Fel</title><style>p{color:red}</style>"
                b"<script>var secret = 'x';</script></head><body><h1>Bad Request</h1>"
                b"<!-- server 7 --><p>Tiden &auml;r  <b>fullbokad</b>.</p></body></html>"
            ),
            "text/html",
            (FieldMessage("Bad Request Tiden är fullbokad ."),),
            id="html",
        ),
        pytest.param(
            b"<p>Unclosed <script>alert(1)",
            None,
            (FieldMessage("Unclosed"),),
            id="html-unclosed-script",
        ),
        pytest.param(b"", None, FALLBACK, id="empty"),
        pytest.param(b"   \n ", "text/plain", FALLBACK, id="whitespace"),
        pytest.param(b"null", JSON, FALLBACK, id="json-null"),
        pytest.param(b"{}", JSON, FALLBACK, id="empty-object"),
        pytest.param(as_json({"modelState": {"x": [1, 2, None]}}), JSON, FALLBACK, id="no-strings"),
        pytest.param(b'{"message": "Tiden har', JSON, FALLBACK, id="truncated-json"),
        pytest.param(b"\x81\x8d\x8f\x90\x9d", None, FALLBACK, id="undecodable-bytes"),
        pytest.param(
            b"Tiden \xe4r \xf6ver",
            None,
            (FieldMessage("Tiden är över"),),
            id="invalid-utf8-read-as-windows-1252",
        ),
        pytest.param(
            "Tiden har gått ut".encode("cp1252"),
            "text/plain",
            (FieldMessage("Tiden har gått ut"),),
            id="unlabelled-windows-1252",
        ),
        pytest.param(
            "Tiden har gått ut".encode("latin-1"),
            "text/plain; charset=ISO-8859-1",
            (FieldMessage("Tiden har gått ut"),),
            id="labelled-latin-1",
        ),
        pytest.param(b"[" * 100_000, JSON, FALLBACK, id="deeply-nested-list"),
        pytest.param(
            ('{"message":' * 5_000 + '"x"' + "}" * 5_000).encode(),
            JSON,
            FALLBACK,
            id="deeply-nested-objects",
        ),
        pytest.param(
            # A lone surrogate can only arrive as a JSON escape; it would break Slack's encoder.
            b'{"message": "a\\u202ebc\\u0000d\\ud800e"}',
            JSON,
            (FieldMessage("a bc d e"),),
            id="control-and-bidi-characters",
        ),
        pytest.param(
            as_json({"modelState": {"Model.LeadSourceId": ["Samma."], "leadSourceId": ["Samma."]}}),
            JSON,
            (FieldMessage("Samma.", "leadSourceId"),),
            id="duplicates-once",
        ),
    ],
)
def test_parse_validation_messages(
    body: bytes, content_type: str | None, expected: tuple[FieldMessage, ...]
) -> None:
    assert parse_validation_messages(body, content_type) == expected


def test_messages_are_capped_in_length_and_number() -> None:
    body = as_json({"modelState": {f"field{i}": ["x" * 1_000] for i in range(20)}})
    messages = parse_validation_messages(body, JSON)
    assert len(messages) == MAX_MESSAGES
    assert all(len(m.message) == MAX_MESSAGE_LENGTH for m in messages)
    assert messages[0].message.endswith("…")


def test_hostile_html_is_read_in_linear_time() -> None:
    started = time.perf_counter()
    for body in (b"<" * 200_000, b"<script" + b"<" * 200_000, b"<!--" * 50_000):
        assert parse_validation_messages(body, "text/html") == FALLBACK
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("model.LeadSourceId", "leadSourceId"),
        ("addViewingParticipant.leadSourceId", "leadSourceId"),
        ("LeadSourceId", "leadSourceId"),
        ("leadSourceId", "leadSourceId"),
        ("$.reminderTime", "reminderTime"),
        ("model.Options.EnableBookingLimitValidation", "enableBookingLimitValidation"),
        ("model.Items[0].Name", "name"),
        ("model.Items[0]", "items"),
        ("", None),
        ("$", None),
        ("model.", None),
        ("Lead Source", None),
        ("x" * 300, None),
        ("<script>", None),
    ],
)
def test_wire_field_name(key: str, expected: str | None) -> None:
    assert wire_field_name(key) == expected


@given(body=st.binary(max_size=2_000), content_type=st.none() | st.text(max_size=60))
def test_parser_never_raises_and_returns_only_readable_reasons(
    body: bytes, content_type: str | None
) -> None:
    messages = parse_validation_messages(body, content_type)
    assert len(messages) <= MAX_MESSAGES
    assert all(0 < len(m.message) <= MAX_MESSAGE_LENGTH for m in messages)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["message", "Message", "modelState", "errors", "title", "", "x.Y"])
            | st.text(max_size=10),
            children,
            max_size=4,
        )
    ),
    max_leaves=30,
)


@given(value=_json_values, content_type=st.sampled_from([JSON, None, "text/html", "text/plain"]))
def test_parser_copes_with_any_json_shape(value: object, content_type: str | None) -> None:
    messages = parse_validation_messages(json.dumps(value).encode(), content_type)
    assert len(messages) <= MAX_MESSAGES
    assert all(m.field is None or m.field.isidentifier() for m in messages)
