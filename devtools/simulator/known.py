"""Records the sample data always holds, whatever the seed: for docs, tests and the playground.

Every id here is fixed. Times are relative to the day the simulator was created (day D):
the well-known viewing is on D+3, so it is upcoming whenever the simulator is fresh.
"""

from __future__ import annotations

from typing import Final

USERNAME: Final = "visningsbot"

SODERMALM: Final = "M30011"
"""Mäklarhuset Södermalm, Stockholm: open, holds every well-known record below."""
GOTEBORG: Final = "M30012"
"""Mäklarhuset Göteborg: open."""
CLOSED_OFFICE: Final = "M39999"
"""Mäklarhuset Uppsala: closed, answers 403 to everything."""

PASSWORDS: Final = {SODERMALM: "sim-M30011", GOTEBORG: "sim-M30012", CLOSED_OFFICE: "sim-M39999"}

# --- Estates of Södermalm (in this order at the start of its estate list) -----------------------

ESTATE_ID: Final = "OBJ11385_1395932274"
"""Götgatan 14, for sale: one upcoming viewing (D+3 17:30) with one slot and room left."""
ESTATE_STREET: Final = "Götgatan 14"
ESTATE_REFERENCE: Final = "2468-1134"
VIEWING_ID: Final = "VIS47746_1404594151"
SLOT_ID: Final = "TIDB74263CDF7B2"
SLOT_CAPACITY: Final = 10
SLOT_BOOKED: Final = 2
"""Participants already on the well-known slot when the simulator starts."""
PAST_VIEWING_ID: Final = "VIS27666_1403307338"
"""Götgatan 14's past viewing (D-4)."""
PAST_SLOT_ID: Final = "TIDE93E9A64CA41"
AGENT_ID: Final = "HAN11385_1390001001"
"""Primary agent of Götgatan 14."""

FULL_ESTATE_ID: Final = "OBJ64338_1395496450"
"""Hornsgatan 102 lgh 1203: its only viewing (D+2) has a full slot."""
FULL_VIEWING_ID: Final = "VIS57278_1412787293"
FULL_SLOT_ID: Final = "TID22F1E151AF24"

LATE_ESTATE_ID: Final = "OBJ53609_1407458101"
"""Folkungagatan 57 lgh 1102: viewing tomorrow (D+1) whose booking deadline passed yesterday."""
LATE_VIEWING_ID: Final = "VIS70617_1416299298"
LATE_SLOT_ID: Final = "TID749B98E2D953"

MULTI_ESTATE_ID: Final = "OBJ66662_1410442139"
"""Swedenborgsgatan 8, coming: one viewing (D+4) with three 20-minute slots, the middle one full."""
MULTI_VIEWING_ID: Final = "VIS28964_1402073507"
MULTI_SLOT_IDS: Final = ("TIDD38803AE13AA", "TID68453DA36761", "TID162D81ADEED3")

EMPTY_ESTATE_ID: Final = "OBJ18977_1414857874"
"""Ringvägen 131, for sale, without viewings."""
BROKEN_ESTATE_ID: Final = EMPTY_ESTATE_ID
"""The estate the ``brokenEstate`` shape variant breaks unless told another."""

LEGACY_ESTATE_ID: Final = "CMVILLA17QKRTHDZMPAWXLC"
"""Palmfeltsvägen 23 (a legacy id): one viewing (D+7) without a capacity limit or deadline."""
LEGACY_VIEWING_ID: Final = "VIS68560_1395672408"
LEGACY_SLOT_ID: Final = "TIDCF21C733EFD8"

SOLD_ESTATE_ID: Final = "OBJ39891_1397032349"
"""Åsögatan 140 lgh 1001, sold: only a past viewing (D-20)."""
SOLD_VIEWING_ID: Final = "VIS12948_1411011994"
SOLD_SLOT_ID: Final = "TID6A1762A8F110"

# --- Estates whose addresses once put the wrong estate first in the picker ----------------------
# A house number inside another (26 in 126, 12 in 112) and objektnummer that all hold an 8.

KATARINA_26_ID: Final = "OBJ40126_1409126026"
"""Katarina Bangata 26, for sale (typing it once listed Katarina Bangata 126 lgh 1304 first)."""
KATARINA_126_ID: Final = "OBJ41126_1409126126"
"""Katarina Bangata 126 lgh 1304, for sale."""
HORNSGATAN_12_ID: Final = "OBJ40012_1409112012"
"""Hornsgatan 12, for sale (typing it once listed Hornsgatan 112 first)."""
HORNSGATAN_112_ID: Final = "OBJ40112_1409112112"
"""Hornsgatan 112, for sale."""
SWEDENBORGSGATAN_OTHER_IDS: Final = (
    "OBJ40100_1409108100",
    "OBJ40049_1409108049",
    "OBJ40061_1409108061",
)
"""Swedenborgsgatan 100, 49 and 61 lgh 1101, for sale: with 8 in every objektnummer 2468-…,
typing "Swedenborgsgatan 8" once listed them before Swedenborgsgatan 8 (MULTI_ESTATE_ID)."""

# --- Göteborg ------------------------------------------------------------------------------------

GBG_ESTATE_ID: Final = "OBJ39760_1393325824"
"""Linnégatan 21 lgh 1101, Göteborg: one upcoming viewing (D+3) with room left."""
GBG_VIEWING_ID: Final = "VIS40948_1406517933"
GBG_SLOT_ID: Final = "TIDA7147328FE76"
GBG_CONTACT_ID: Final = "ADR674BB00E529A8A24702DDED434A785AA"
"""Märta Sjögren, a contact of the Göteborg office."""

# --- Contacts of Södermalm (never booked anywhere when the simulator starts) ---------------------

ASA_OBERG: Final = "ADRB3FB3F740E355BCB0DEDDEE3C2402D98"
ASA_PHONE: Final = "070-123 45 67"
ASA_EMAIL: Final = "asa.oberg@example.com"
JONS_ARLIG: Final = "ADRE8FF917EE8C6953ECD5B9A839A5C0B6D"
BJORN_LINDSTROM: Final = "ADRA022977296CABABE42C53D88CE569059"
ERIK_JOHANSSON_1: Final = "ADRA78CBDF0D318A45F91BB00D5ADD81662"
"""One of two contacts named Erik Johansson (different phones and e-mail addresses)."""
ERIK_JOHANSSON_2: Final = "ADRFBCC45FFDE0DB3A33BE41AA45FA98E8B"
MARTA_SODERBERG: Final = "ADRC18585DCDDC5DEC6732881A0F2F7A97A"
"""A contact with an e-mail address but no phone."""

# --- Lead sources of Södermalm -------------------------------------------------------------------

LEAD_SOURCE_ID: Final = "LK30011A01"
"""Hemnet: usable in a booking."""
WORKFLOW_LEAD_SOURCE_ID: Final = "LK30011A04"
"""Intresseanmälan via app: has a workflow, so a booking naming it is refused."""
