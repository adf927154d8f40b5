"""Names every step of the Bodø demo shares."""

from __future__ import annotations

DEMO_PASSWORD = "bolig2014"
ILLUSTRATIVE = "Illustrativt eksempel: "
HISTORIC_SLUG = "boligpolitisk-handlingsplan-2014-2017"
CURRENT_SLUG = "boligpolitisk-handlingsplan-videreforing"
