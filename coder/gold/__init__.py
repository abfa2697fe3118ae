"""The gold set: the lead's adjudication decisions and the data set built from them.

`store` keeps the decisions (`gold.json`, crash-safe like a coder's database); `build` derives
what there is to settle and the gold records; `export` adds provenance; `publish` writes it.
"""

from coder.gold.build import Adjudication, build_gold_records
from coder.gold.publish import GoldExport, unsettled_warning, write_gold
from coder.gold.store import EDITED, INCIDENT, Decision, GoldStore, gold_path

__all__ = [
    "EDITED",
    "INCIDENT",
    "Adjudication",
    "Decision",
    "GoldExport",
    "GoldStore",
    "build_gold_records",
    "gold_path",
    "unsettled_warning",
    "write_gold",
]
