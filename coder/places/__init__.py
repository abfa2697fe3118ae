"""Places coded against the project's gazetteer (`gazetteer.csv`): ids, admin levels, coordinates.

`gazetteer` loads and checks the file (and the coder-added `places_added.csv`), `search` is the
accent- and spelling-tolerant type-ahead and the strict `resolve` import uses, `added` records
places coders add, `geonames` builds a gazetteer from a GeoNames country file and `merge` folds
added places into the gazetteer. `gazetteer_for(path)` is the cached entry point the codebook
values, export and compare use: it reloads when either file changes on disk. Core: never imports
Textual, the CLI or the codebook (the codebook imports this package).
"""

from __future__ import annotations

from coder.places.cache import gazetteer_for, index_for, one_look
from coder.places.gazetteer import (
    GAZETTEER_FILE,
    KIND_WORDS,
    KINDS,
    PRECISION,
    Gazetteer,
    GazetteerError,
    Located,
    Place,
    load_gazetteer,
)
from coder.places.search import NOWHERE, Match, Near, PlaceIndex, fold, resolve

__all__ = [
    "GAZETTEER_FILE",
    "KINDS",
    "KIND_WORDS",
    "NOWHERE",
    "PRECISION",
    "Gazetteer",
    "GazetteerError",
    "Located",
    "Match",
    "Near",
    "Place",
    "PlaceIndex",
    "fold",
    "gazetteer_for",
    "index_for",
    "load_gazetteer",
    "one_look",
    "resolve",
]
