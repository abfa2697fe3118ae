"""Names of the derived variables in words, shared by the dashboard and the coders-vs-gold panel.

Codebook fields keep their names (which is what leads use in R); the two incident variables
compare derives get words, wide and short enough for an 80-column field column.
"""

from __future__ import annotations

from coder.compare.data import ANY_INCIDENT, N_INCIDENTS

DERIVED_LABELS = {
    ANY_INCIDENT: ("any incident reported", "any incident"),
    N_INCIDENTS: ("number of incidents", "incident count"),
}


ADMIN2 = "_admin2"
"""A place field's district as compare derives it (coder.compare.place_level)."""


def field_label(name: str, wide: bool) -> str:
    if name in DERIVED_LABELS:
        return DERIVED_LABELS[name][0 if wide else 1]
    if name.startswith("derived:") and name.endswith(ADMIN2):
        return f"{name.removeprefix('derived:').removesuffix(ADMIN2)}: district"
    return name
