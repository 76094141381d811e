#!/usr/bin/env python3
"""Builds data/themes/themes.tsv: phrase -> GKG theme, for the GKG writer.

Sources (see data/themes/NOTICE):
  * GDELT LOOKUP-GKGTHEMES: every TAX_<ROOT>_<PHRASE> theme names its own
    phrase; we keep the taxonomies news coding needs and themes GDELT used
    at least MIN_COUNT times (GDELT data is "100% free and open"; cite the
    GDELT Project).
  * CrisisLexRec (MIT, Olteanu & Castillo 2014): the keyword list behind the
    GKG theme CRISISLEX_CRISISLEXREC.
Usage: python3 data/themes/gen_themes.py ../shared/data
Output: header '#newsgraph-themes<TAB>1', then 'phrase<TAB>THEME[,THEME2]' (lower-case phrase).
"""
import os, sys, collections

root = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("NEWSGRAPH_SHARED", "../shared/data")
ROOTS = {"TAX_FNCACT", "TAX_ETHNICITY", "TAX_WEAPONS", "TAX_MILITARY_TITLE", "TAX_TERROR_GROUP",
         "TAX_RELIGION", "TAX_POLITICAL_PARTY", "TAX_AIDGROUPS", "TAX_DISEASE", "TAX_WORLDLANGUAGES",
         "TAX_FOODSTAPLES", "TAX_ECON_FREETRADEAGREEMENTS", "TAX_SPECIAL_ISSUES"}
MIN_COUNT = 2000
themes = collections.defaultdict(list)
with open(os.path.join(root, "themes/gdelt_TAX_theme_phrases.tsv"), encoding="utf-8") as f:
    for line in f:
        if line.startswith("#"):
            continue
        theme, tax, phrase, count = line.rstrip("\n").split("\t")
        if tax in ROOTS and int(count) >= MIN_COUNT and len(phrase) >= 3:
            # A bare root theme (TAX_FNCACT) travels with its specific one.
            for t in (tax, theme):
                if t not in themes[phrase]:
                    themes[phrase].append(t)
with open(os.path.join(root, "themes/crisislex/CrisisLexRec.txt"), encoding="utf-8") as f:
    for line in f:
        term = line.strip().lower()
        if term and not term.startswith("#") and "CRISISLEX_CRISISLEXREC" not in themes[term]:
            themes[term].append("CRISISLEX_CRISISLEXREC")
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "themes.tsv")
with open(out, "w", encoding="utf-8") as f:
    f.write("#newsgraph-themes\t1\n")
    for phrase in sorted(themes):
        f.write("%s\t%s\n" % (phrase, ",".join(themes[phrase])))
print(len(themes), "phrases", os.path.getsize(out), "bytes", file=sys.stderr)
