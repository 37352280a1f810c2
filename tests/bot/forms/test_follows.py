"""Reading ``/visning bevaka …`` and ``/visning sluta bevaka …``."""

from __future__ import annotations

import pytest

from bot.forms.follows import follow_request


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("bevaka Götgatan 14", (True, "Götgatan 14")),
        ("Bevaka   2468-1134 ", (True, "2468-1134")),
        ("bevaka", (True, "")),
        ("sluta bevaka Götgatan 14", (False, "Götgatan 14")),
        ("SLUTA  BEVAKA\nGötgatan 14", (False, "Götgatan 14")),
        ("follow Götgatan 14", (True, "Götgatan 14")),
        ("unfollow Götgatan 14", (False, "Götgatan 14")),
        ("stop following Götgatan 14", (False, "Götgatan 14")),
        ("Götgatan 14", None),
        ("bevakaGötgatan 14", None),
        ("historik", None),
    ],
)
def test_follow_requests_are_told_from_other_commands(
    text: str, wanted: tuple[bool, str] | None
) -> None:
    assert follow_request(text) == wanted
