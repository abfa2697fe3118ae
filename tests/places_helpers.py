"""A small real project whose incidents code a `place` against a gazetteer written on disk."""

from __future__ import annotations

from pathlib import Path

from coder.project import Project
from tests.conftest import write_project

CODEBOOK = """\
title: Places test
version: "1"
instructions: Code the place of every incident.
article:
  fields:
    - name: relevant
      type: boolean
      label: Relevant
incident:
  match: [event_date, place]
  fields:
    - name: event_date
      type: date
      label: Event date
      required: true
    - name: place
      type: place
      label: Place
      required: true
    - name: fatalities
      type: integer
      label: Fatalities
"""

GAZETTEER = """\
# Test gazetteer. Contains data from GeoNames (geonames.org), CC BY 4.0.
id,name,alt_names,kind,parent,latitude,longitude,source
IQ-KI,Kirkuk,Kerkuk;Tamim;كركوك,admin1,,35.46806,44.39222,GeoNames 94787 (seat)
IQ-DI,Diyala,Diala,admin1,,33.75403,44.60518,GeoNames 97990 (seat)
IQ-KI-DAQ,Daquq,Daqouq;Daqooq;Dāqūq,admin2,IQ-KI,35.13923,44.44907,GeoNames 90220 (seat)
IQ-KI-HAW,Hawija,Hawijah;Al-Hawija,admin2,IQ-KI,35.32592,43.77267,GeoNames 390188 (seat)
IQ-DI-KHN,Khanaqin,Khaniqin,admin2,IQ-DI,34.34820,45.39065,GeoNames 94591 (seat)
IQ-DI-KHN-JALAWLA,Jalawla,Jalula;Jalawlā',town,IQ-DI-KHN,34.27230,45.16330,GeoNames 94298
IQ-KI-DAQ-TOPZAWA,Topzawa,Tobzawa;Top Zawa,village,IQ-KI-DAQ,,,sample 000
IQ-KI-DAQ-ALISARAI,Ali Sarai,Ali Saray,village,IQ-KI-DAQ,,,sample 003
IQ-DI-KHN-SHERK,Sherk,,village,IQ-DI-KHN,,,sample 002
"""

ARTICLES = {
    "a1": "Mortars hit Topzawa\nFive mortar shells hit the village of Topzawa in Daquq.\n",
    "a2": "Attack in Jalawla\nGunmen killed two men in Jalula on Monday.\n",
}


PRECISION_CODEBOOK = CODEBOOK.replace(
    """      label: Place
      required: true
""",
    """      label: Place
      required: true
      precision_field: geo_precision
    - name: geo_precision
      type: choice
      label: Location precision
      ordered: true
      choices:
        - {value: 1, label: Named town or village}
        - {value: 2, label: Near a place or within a district}
        - {value: 3, label: Province or region only}
""",
)
"""The same codebook with an ACLED geo precision that choosing a place fills."""


def make_place_project(root: Path, gazetteer: str = GAZETTEER, codebook: str = CODEBOOK) -> Project:
    return write_project(root, codebook, articles=ARTICLES, gazetteer=gazetteer)
