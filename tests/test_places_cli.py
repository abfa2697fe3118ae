"""`coder places` and `coder check` on a real project folder, run as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from coder.places import gazetteer_for, load_gazetteer
from coder.places.added import add_place, added_path
from tests.places_helpers import make_place_project

CODER = Path(sys.executable).parent / "coder"

# A GeoNames country file (tab-separated, 19 columns) in miniature: two governorates, a
# district, a town, a village, a valley, a historical site and a place in no known governorate.
GEONAMES = [
    ["94787", "Kirkuk Governorate", "Kirkuk Governorate", "Kirkuk,Kerkuk,Tamim", "35.5", "44.1",
     "A", "ADM1", "IQ", "", "13", "", "", "", "1395614"],
    ["97990", "Diyala", "Diyala", "Diala", "33.9", "45.0", "A", "ADM1", "IQ", "", "10", "", "",
     "", "1443173"],
    ["90221", "Daquq District", "Daquq District", "Qadha Daquq", "35.1", "44.4", "A", "ADM2",
     "IQ", "", "13", "1301", "", "", "0"],
    ["90220", "Daquq", "Daquq", "Daqouq,Tawuq", "35.13923", "44.44907", "P", "PPL", "IQ", "",
     "13", "1301", "", "", "25000"],
    ["90999", "Topzawa", "Topzawa", "", "35.2", "44.5", "P", "PPL", "IQ", "", "13", "1301", "",
     "", "300"],
    ["91000", "Wadi al Shay", "Wadi al Shay", "", "35.0", "44.6", "H", "WAD", "IQ", "", "13",
     "1301", "", "", "0"],
    ["91001", "Old Daquq", "Old Daquq", "", "35.0", "44.6", "P", "PPLH", "IQ", "", "13", "1301",
     "", "", "0"],
    ["91002", "Nowhere", "Nowhere", "", "33.0", "44.0", "P", "PPL", "IQ", "", "99", "", "", "",
     "100"],
]  # fmt: skip


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CODER_CONFIG_DIR": str(cwd / ".config"), "NO_COLOR": "1"}
    return subprocess.run(
        [str(CODER), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def write_geonames(path: Path) -> Path:
    lines = ["\t".join([*row, "", "", "Asia/Baghdad", "2020-01-01"]) for row in GEONAMES]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_build_from_a_geonames_country_file(tmp_path: Path) -> None:
    source = write_geonames(tmp_path / "IQ.txt")
    done = run("places", "build", "--geonames", str(source), "--sites", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "6 places (2 admin1, 1 admin2, 1 town, 1 village, 1 site)" in done.stdout
    assert "1 left out (no known admin1)" in done.stdout
    out = tmp_path / "gazetteer.csv"
    assert out.read_text(encoding="utf-8").startswith("# Contains data from GeoNames")
    gaz = load_gazetteer(out)
    assert gaz.problems == []
    assert gaz.hierarchy("GN90220") == "Daquq · town · Daquq District · Kirkuk Governorate"
    assert gaz.get("GN90999").kind == "village"  # type: ignore[union-attr]
    assert gaz.get("GN91000").kind == "site"  # type: ignore[union-attr]
    assert gaz.get("GN90220").alt_names == ("Daqouq", "Tawuq")  # type: ignore[union-attr]
    assert "GN91001" not in gaz  # historical
    # Never overwrites without --force.
    again = run("places", "build", "--geonames", str(source), cwd=tmp_path)
    assert again.returncode == 2 and "exists: pass --force" in again.stderr


def test_build_refuses_a_file_that_is_not_geonames(tmp_path: Path) -> None:
    bad = tmp_path / "IQ.csv"
    bad.write_text("id,name\n1,Kirkuk\n", encoding="utf-8")
    done = run("places", "build", "--geonames", str(bad), cwd=tmp_path)
    assert done.returncode == 2
    assert f"coder: {bad}:1: has 1 tab-separated columns" in done.stderr
    assert "Traceback" not in done.stderr


def test_find_list_and_merge(tmp_path: Path) -> None:
    project = make_place_project(tmp_path / "p")
    root = project.root
    found = run("places", "find", "daqooq", cwd=root)
    assert found.returncode == 0, found.stderr
    assert found.stdout.splitlines() == ["IQ-KI-DAQ\tDaquq · district · Kirkuk  (as 'Daqooq')"]
    assert "no places added by coders" in run("places", "list", cwd=root).stdout

    gaz = gazetteer_for(root / "gazetteer.csv")
    add_place(gaz, "Kani Masi", "village", "IQ-DI-KHN", "ana")
    add_place(gazetteer_for(root / "gazetteer.csv"), "Sherak", "village", "IQ-DI-KHN", "ben")
    listed = run("places", "list", cwd=root)
    assert "IQ-DI-KHN-KANIMASI\tKani Masi · village · Khanaqin · Diyala · added\tby ana" in (
        listed.stdout
    )
    # The lead is pointed at a likely duplicate: Sherak is probably the gazetteer's Sherk.
    assert "same place? IQ-DI-KHN-SHERK Sherk · village · Khanaqin · Diyala" in listed.stdout
    checked = run("check", cwd=root)
    assert "2 place(s) added by coders wait for review" in checked.stdout

    merged = run("places", "merge", "IQ-DI-KHN-KANIMASI", cwd=root)
    assert merged.returncode == 0, merged.stderr
    assert "merged 1 place(s)" in merged.stdout and "1 left to review" in merged.stdout
    text = (root / "gazetteer.csv").read_text(encoding="utf-8")
    assert text.startswith("# Test gazetteer.")  # the file's own lines are kept
    assert text.endswith("IQ-DI-KHN-KANIMASI,Kani Masi,,village,IQ-DI-KHN,,,added by ana\n")
    gaz = load_gazetteer(root / "gazetteer.csv", added_path(root / "gazetteer.csv"))
    assert gaz.problems == [] and not gaz.places["IQ-DI-KHN-KANIMASI"].added
    unknown = run("places", "merge", "IQ-NOPE", cwd=root)
    assert unknown.returncode == 2 and "not in places_added.csv: IQ-NOPE" in unknown.stderr


def test_check_names_gazetteer_lines(tmp_path: Path) -> None:
    project = make_place_project(tmp_path / "p")
    path = project.root / "gazetteer.csv"
    with path.open("a", encoding="utf-8") as f:
        f.write("IQ-KI-DAQ,Duplicate,,town,IQ-KI,,,\n")  # line 12
        f.write("IQ-KI-X,X,,town,IQ-KX,200,44,\n")  # line 13
    done = run("check", cwd=project.root)
    assert done.returncode == 1
    assert f"{path}:12: error: id 'IQ-KI-DAQ' is already used on {path}:5" in done.stdout
    assert f"{path}:13: error: IQ-KI-X: latitude 200 is out of range (-90 to 90)" in done.stdout
    assert f"{path}:13: error: IQ-KI-X: parent 'IQ-KX' is not an id (did you mean 'IQ-KI'?)" in (
        done.stdout
    )
