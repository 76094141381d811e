#!/usr/bin/env python3
"""Regenerate the NER gazetteers in this folder from ../shared/data.

Only permissively licensed sources are read (see NOTICE.md): GeoNames
(CC BY 4.0), US SSA first names and US Census surnames (public domain), and
the PETRARCH-2 Phoenix dictionaries (MIT). The ODbL demonym table and the
GFDL/LGPL name and title lists are deliberately not used; demonyms are derived
from PETRARCH's country adjectives instead. titles.txt is written by hand and
and demonyms.tsv are
written by hand and are not touched by this script (PETRARCH's adjectives
are too noisy to use as demonyms).

Usage: python3 data/gazetteers/gen_gazetteers.py [../shared/data]
"""
import os
import re
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("NEWSGRAPH_SHARED", "../shared/data")
OUT = os.path.dirname(os.path.abspath(__file__))
PET = os.path.join(SRC, "petrarch/petrarch2/dictionaries")

# Demonym endings; a PETRARCH synonym with one of these that shares its first
# three letters with the country name is taken as the country's adjective.
DEMONYM_END = re.compile(r"(AN|ESE|ISH|I|IAN|CH|IC|OT|EK|AI|SS|NO|NE|IOT)$")


def pet_name(raw):
    """PETRARCH phrase syntax -> plain words: '_' joins words, trailing '_' ends."""
    raw = raw.strip().split("#")[0].strip()
    raw = raw.split("[")[0].strip().lstrip("+").rstrip("_").strip()
    if not raw or "(" in raw or "," in raw or "!" in raw or "{" in raw:
        return None
    return " ".join(w for w in raw.split("_") if w)


def title_case(phrase):
    return " ".join(w[:1] + w[1:].lower() for w in phrase.split(" "))


def write(name, rows, header):
    rows = sorted(set(rows))
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write(header)
        for r in rows:
            f.write(r + "\n")
    print(name, len(rows))


def countries_and_demonyms():
    countries, demonyms = [], []
    iso_name = {}
    with open(os.path.join(SRC, "geo/countryInfo.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            c = line.rstrip("\n").split("\t")
            if len(c) < 5:
                continue
            iso_name[c[1]] = c[4]
            countries.append(f"{c[4]}\t{c[1]}")
    block_code, block_name = None, None
    with open(os.path.join(PET, "Phoenix.Countries.actors.txt"), encoding="latin-1") as f:
        for line in f:
            m = re.match(r"^([A-Z][A-Z_'.\-]*)\s+\[([A-Z]{3})\]\s*$", line)
            if m:
                block_code, block_name = m.group(2), pet_name(m.group(1))
                if block_name and block_code in iso_name:
                    countries.append(f"{title_case(block_name)}\t{block_code}")
                continue
            if not line.startswith("+"):
                if line.strip() and not line.startswith("\t") and not line.startswith("#"):
                    block_code = None
                continue
            if block_code not in iso_name or not block_name:
                continue
            syn = pet_name(line)
            if not syn or len(syn) < 4:
                continue
            last = syn.split(" ")[-1]
            if DEMONYM_END.search(last) and syn[:3] == block_name[:3] and syn != block_name:
                demonyms.append(f"{title_case(syn)}\t{block_code}\t{iso_name[block_code]}")
            elif syn.replace(" ", "").isalpha() and not DEMONYM_END.search(last):
                countries.append(f"{title_case(syn)}\t{block_code}")
    countries += [f"{a}\t{c}" for a, c in COUNTRY_ALIASES]
    return countries, demonyms


# Short forms news uses for countries (facts, written here by hand).
COUNTRY_ALIASES = [
    ("US", "USA"), ("U.S.", "USA"), ("USA", "USA"), ("U.S.A.", "USA"), ("America", "USA"),
    ("UK", "GBR"), ("U.K.", "GBR"), ("Britain", "GBR"), ("Great Britain", "GBR"),
    ("England", "GBR"), ("Scotland", "GBR"), ("Wales", "GBR"), ("Northern Ireland", "GBR"),
    ("DPRK", "PRK"), ("ROK", "KOR"), ("PRC", "CHN"), ("UAE", "ARE"), ("DRC", "COD"),
    ("Holland", "NLD"), ("Burma", "MMR"), ("Czech Republic", "CZE"), ("Russian Federation", "RUS"),
]


def places():
    rows = []
    with open(os.path.join(SRC, "geo/cities15000.txt"), encoding="utf-8") as f:
        for line in f:
            c = line.split("\t")
            for n in {c[1], c[2]}:
                if n and n.isascii():
                    rows.append(f"{n}\t{c[8]}")
    with open(os.path.join(SRC, "geo/admin1CodesASCII.txt"), encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            for n in {c[1], c[2]}:
                if n and n.isascii():
                    rows.append(f"{n}\t{c[0].split('.')[0]}")
    return rows


def supplement_places(min_pop=5000):
    rows = []
    with open(os.path.join(SRC, "geo/places1000_supplement.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            c = line.rstrip("\n").split("\t")
            if len(c) > 7 and c[7].isdigit() and int(c[7]) >= min_pop and c[1].isascii():
                rows.append(f"{c[1]}\t{c[5]}")
    return rows


def people():
    """Office-holders in the PETRARCH dictionaries: entries with dated codes.

    Variants led by a title or a nationality ("President Vladimir Putin")
    are dropped: CoNLL-style names exclude titles."""
    skip = set()
    for fname in ["titles.tsv", "demonyms.tsv"]:
        with open(os.path.join(OUT, fname), encoding="utf-8") as f:
            for line in f:
                if not line.startswith("#"):
                    skip.add(line.split("\t")[0].split(" ")[0].lower().rstrip("."))
    rows = []
    for fname in ["Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt"]:
        with open(os.path.join(PET, fname), encoding="latin-1") as f:
            name, names = None, []
            for line in f:
                if line.startswith("+"):
                    n = pet_name(line)
                    if n:
                        names.append(n)
                    continue
                if line.startswith(("\t", " ")) or re.match(r"^[A-Z].*\[", line):
                    if re.search(r"\[[A-Z~]+ [<>]?\d", line):
                        for n in names:
                            if (" " in n and not re.search(r"\d", n) and len(n.split()) <= 4
                                    and n.split()[0].lower().rstrip(".") not in skip):
                                rows.append(title_case(n))
                    if not line.startswith(("\t", " ")):
                        n = pet_name(line)
                        names = [n] if n else []
                    continue
                n = pet_name(line) if line.strip() and not line.startswith("#") else None
                names = [n] if n else []
    return rows


def first_names(min_births=300):
    rows = []
    with open(os.path.join(SRC, "names/ssa_first_names_1880_2023.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            c = line.split("\t")
            if int(c[2]) >= min_births:
                rows.append(c[0])
    return rows


def first_name_sexes(min_births=300, share=0.95):
    """Names given to one sex in at least `share` of their births, for the
    gender agreement of pronouns with speakers (crates/extract quotes)."""
    totals = {}
    with open(os.path.join(SRC, "names/ssa_first_names_1880_2023.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            c = line.split("\t")
            t = totals.setdefault(c[0], {"F": 0, "M": 0})
            t[c[1]] += int(c[2])
    rows = []
    for name, t in totals.items():
        n = t["F"] + t["M"]
        sex = "F" if t["F"] > t["M"] else "M"
        if n >= min_births and t[sex] >= share * n:
            rows.append(f"{name}\t{sex}")
    return rows


def surnames(max_rank=50000):
    rows = []
    with open(os.path.join(SRC, "names/census1990/dist.all.last"), encoding="utf-8") as f:
        for line in f:
            c = line.split()
            if len(c) == 4 and int(c[3]) <= max_rank:
                rows.append(title_case(c[0]))
    return rows


def orgs():
    rows = []
    for fname in ["Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"]:
        with open(os.path.join(PET, fname), encoding="latin-1") as f:
            for line in f:
                if not line.strip() or line.startswith(("#", "\t", " ")):
                    continue
                # Office-holders carry dated codes ("[IGOUNO 970101-061231]"):
                # those are people, not organizations.
                if re.search(r"\[[A-Z~]+ [<>]?\d", line):
                    continue
                n = pet_name(line)
                if n and len(n) >= 3 and not re.search(r"\d", n):
                    rows.append(n if len(n) <= 5 and " " not in n else title_case(n))
    return rows


def main():
    countries, demonyms = countries_and_demonyms()
    write("countries.tsv", countries,
          "# name<TAB>ISO3. GeoNames countryInfo (CC BY 4.0) + PETRARCH-2 country entries (MIT).\n")
    write("places.tsv", places(),
          "# name<TAB>ISO2. GeoNames cities15000, admin1 names and cities1000 places with population >= 5000 (CC BY 4.0).\n")
    write("first_names.txt", first_names(),
          "# US SSA baby names 1880-2023 with >= 300 births (public domain).\n")
    write("first_names_sex.tsv", first_name_sexes(),
          "# name<TAB>F|M. US SSA baby names 1880-2023 with >= 300 births, >= 95% of them one sex (public domain).\n")
    write("surnames.txt", surnames(),
          "# US Census 1990 surnames, top 50,000 (public domain).\n")
    write("people.txt", people(),
          "# Office-holders named in PETRARCH-2 Phoenix Countries and International actors (MIT).\n")
    write("orgs.txt", orgs(),
          "# Organization names from PETRARCH-2 Phoenix International and MilNonState actors (MIT).\n")


if __name__ == "__main__":
    main()
