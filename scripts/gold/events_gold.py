#!/usr/bin/env python3
"""Tools for newsgraph's hand-made CAMEO event gold set (data/gold/events/).

  python3 scripts/gold/events_gold.py select  [--data DIR]          # writes articles.tsv (once)
  python3 scripts/gold/events_gold.py batch   NAME [--double]       # lists an annotator's articles
  python3 scripts/gold/events_gold.py convert WORK.jsonl OUT.jsonl  # evidence text -> offsets
  python3 scripts/gold/events_gold.py check   GOLD.jsonl [...]      # codes, actors, spans, hashes
  python3 scripts/gold/events_gold.py agree   A.jsonl B.jsonl       # inter-annotator agreement
  python3 scripts/gold/events_gold.py text    DOC [...]             # the text offsets index
  python3 scripts/gold/events_gold.py selftest                      # MEANTIME text as Rust builds it

Annotators write a *working* file outside the repository, one JSON object per article:
  {"doc": "news/bbc/politics/001.txt", "annotator": "A",
   "events": [{"source": "GBRGOV", "target": "GBROPP", "code": "111",
               "evidence": "verbatim words of the article stating the act"}]}
`convert` finds each evidence string in the article (exactly, else with quotes and spaces
normalized), replaces it by character offsets into the file's text ("span": [start, end]) and
records the file's SHA-256, so the committed gold holds offsets and codes, never the articles'
words (the articles stay in ../shared/data). Guidelines: docs/events-guidelines.md.
"""

import argparse
import collections
import hashlib
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
GOLD_DIR = os.path.join(REPO, "data", "gold", "events")
ARTICLES = os.path.join(GOLD_DIR, "articles.tsv")
SEED = "newsgraph-events-gold-v1"

# How many articles each source gives the set. The order within a source is a hash of the path
# with a fixed seed: a sample nobody chose by reading, that reruns to the same list.
# (pool, folder, how many, file extension). A folder's files are searched recursively.
POOLS = [
    ("bbc-politics", "news/bbc/politics", 70, ".txt"),
    ("bbc-business", "news/bbc/business", 30, ".txt"),
    ("polnear-dev", "quotes/polnear/dev/text", 25, ".txt"),
    ("polnear-test", "quotes/polnear/test/text", 25, ".txt"),
    ("meantime", "meantime/intra_cross-doc_annotation", 30, ".xml"),
]
# The set grew in parts; each part is split (a third test) and drawn for double annotation on its
# own, so adding a part never moves an article of an earlier part between splits.
# (pools, how many articles of the part are annotated twice).
PARTS = [
    (("bbc-politics", "bbc-business", "polnear-dev", "polnear-test"), 30),
    (("meantime",), 8),
]

SECTORS = {"GOV", "MIL", "COP", "OPP", "REB", "JUD", "LEG", "ELI", "PTY", "BUS", "MED", "CVL", "EDU",
           "LAB", "NGO", "REF", "SPY", "HLH", "AGR", "CRM", "IGO", "MNC", "REL", "UAF", "INS", "SEP",
           "PRO", "ENV", "HRI", "DEV", "MOD", "RAD", "IMG", "NGM", "UIS"}


def default_data():
    return os.environ.get("NEWSGRAPH_SHARED") or os.path.normpath(os.path.join(REPO, "..", "shared", "data"))


def digest(key):
    return hashlib.sha256(f"{SEED}:{key}".encode()).hexdigest()


def read_text(data, doc):
    """The article's text (what the gold's offsets index) and the SHA-256 of the file's bytes."""
    with open(os.path.join(data, doc), "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8", errors="replace")
    if doc.endswith(".xml"):
        text = meantime_text(text)
    return text, hashlib.sha256(raw).hexdigest()


MEANTIME_TOKEN = re.compile(r"<token ([^>]*)>([^<]*)</token>")


def meantime_attr(attrs, name):
    m = re.search(name + r'="([^"]*)"', attrs)
    return m.group(1) if m else None


def meantime_unescape(s):
    # The five XML entities, in the order the Rust reader undoes them (&amp; last).
    for k, v in (("&quot;", '"'), ("&apos;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")):
        s = s.replace(k, v)
    return s


def clean_block(s):
    """newsgraph_doc's clean_block: white space runs made one space, trimmed, control characters
    dropped."""
    out, pending = [], False
    for ch in s:
        if ch.isspace() or ch == "\ufeff":
            pending = bool(out)
        elif unicodedata.category(ch) == "Cc":
            continue
        else:
            if pending:
                out.append(" ")
                pending = False
            out.append(ch)
    return "".join(out)


def meantime_text(xml):
    """The text of a MEANTIME (CAT XML) article as newsgraph's eval rebuilds it
    (crates/eval/src/meantime_text.rs): the tokens in t_id order joined by single spaces,
    sentence 0 (the title) as one block, the rest as one paragraph, blocks joined by a blank line."""
    tokens = []
    for m in MEANTIME_TOKEN.finditer(xml):
        tokens.append((int(meantime_attr(m.group(1), "t_id")), int(meantime_attr(m.group(1), "sentence")),
                       meantime_unescape(m.group(2))))
    tokens.sort(key=lambda t: t[0])
    title = clean_block(" ".join(t[2] for t in tokens if t[1] == 0))
    body = clean_block(" ".join(t[2] for t in tokens if t[1] != 0))
    return "\n\n".join(b for b in (title, body) if b)


def meantime_published(xml):
    """The creation date (DCT) of a MEANTIME article, YYYY-MM-DD, or None."""
    for m in re.finditer(r"<TIMEX3 ([^>]*)>", xml):
        if meantime_attr(m.group(1), "functionInDocument") == "CREATION_TIME":
            value = meantime_attr(m.group(1), "value") or ""
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                return value
            # One file writes its DCT day first ("03-02-2009", dateline "February 03 , 2009").
            d = re.fullmatch(r"(\d{2})-(\d{2})-(\d{4})", value)
            if d:
                return f"{d.group(3)}-{d.group(2)}-{d.group(1)}"
    return None


def read_articles():
    rows = []
    with open(ARTICLES, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            rows.append(dict(zip(header, line.rstrip("\n").split("\t"))))
    return rows


def cmd_select(a):
    """Draws the articles part by part. Parts already in articles.tsv are frozen and kept as they
    are (--force redraws them, which reproduces them unchanged); a part not yet there is drawn,
    split and appended."""
    existing = read_articles() if os.path.exists(ARTICLES) else []
    done = {r["pool"] for r in existing}
    pools = {p[0]: p for p in POOLS}
    out = [] if a.force else [[r["doc"], r["pool"], r["split"], r["double"], r["sha256"]] for r in existing]
    for part, n_double in PARTS:
        if not a.force and all(p in done for p in part):
            continue
        rows = []
        for pool in part:
            _, folder, n, ext = pools[pool]
            root = os.path.join(a.data, folder)
            names = sorted(os.path.relpath(os.path.join(d, x), root) for d, _, xs in os.walk(root)
                           for x in xs if x.endswith(ext))
            for name in sorted(names, key=lambda x: digest(f"{folder}/{x}"))[:n]:
                doc = f"{folder}/{name}"
                _, sha = read_text(a.data, doc)
                rows.append([doc, pool, None, None, sha])
        # A third of the part is the test split, by a hash taken before any annotation.
        test = set(sorted((r[0] for r in rows), key=lambda d: digest(f"split:{d}"))[: len(rows) // 3])
        double = set(sorted((r[0] for r in rows), key=lambda d: digest(f"double:{d}"))[:n_double])
        for r in rows:
            r[2] = "test" if r[0] in test else "dev"
            r[3] = "yes" if r[0] in double else "no"
        c = collections.Counter(r[2] for r in rows)
        print(f"part {'+'.join(part)}: {len(rows)} articles: dev {c['dev']}, test {c['test']}, "
              f"double-annotated {len(double)}")
        out.extend(rows)
    os.makedirs(GOLD_DIR, exist_ok=True)
    with open(ARTICLES, "w", encoding="utf-8") as f:
        f.write("doc\tpool\tsplit\tdouble\tsha256\n")
        for row in out:
            f.write("\t".join(row) + "\n")


def cmd_batch(a):
    """The articles of one annotator: primary batches deal the set out round-robin; --double lists
    the articles to annotate a second time, independently."""
    rows = read_articles()
    if a.part:
        rows = [r for r in rows if r["pool"] in PARTS[a.part - 1][0]]
    if a.pool:
        rows = [r for r in rows if r["pool"] == a.pool]
    if a.double:
        picked = [r for r in rows if r["double"] == "yes"]
    else:
        picked = [r for i, r in enumerate(rows) if i % a.of == a.index]
    for r in picked:
        print(f"{r['doc']}\t{r['split']}")


def normalize_with_map(text):
    """The text with typographic quotes made plain and white space runs made one space, and for
    each output character the index of the input character it came from."""
    out, where = [], []
    prev_space = False
    table = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
    for i, ch in enumerate(text):
        ch = table.get(ch, ch)
        if ch.isspace():
            if prev_space:
                continue
            ch, prev_space = " ", True
        else:
            prev_space = False
        out.append(ch)
        where.append(i)
    return "".join(out), where


def find_span(text, evidence):
    evidence = evidence.strip()
    i = text.find(evidence)
    if i >= 0:
        return [i, i + len(evidence)]
    norm, where = normalize_with_map(text)
    e, _ = normalize_with_map(evidence)
    j = norm.find(e.strip())
    if j < 0:
        j = norm.lower().find(e.strip().lower())
    if j < 0:
        return None
    end = j + len(e.strip()) - 1
    return [where[j], where[end] + 1]


def cmd_convert(a):
    problems = 0
    out = []
    articles = {r["doc"]: r for r in read_articles()}
    for ln, line in enumerate(open(a.work, encoding="utf-8"), 1):
        if not line.strip():
            continue
        art = json.loads(line)
        doc = art["doc"]
        text, sha = read_text(a.data, doc)
        if doc in articles and articles[doc]["sha256"] != sha:
            print(f"{a.work}:{ln}: {doc} has changed since it was selected")
            problems += 1
        events = []
        for k, ev in enumerate(art.get("events") or [], 1):
            span = find_span(text, ev.get("evidence") or "")
            if span is None:
                print(f"{a.work}:{ln} event {k}: evidence not found in {doc}: {ev.get('evidence', '')[:70]!r}")
                problems += 1
                continue
            kept = {key: ev[key] for key in ("source", "target", "code", "codes", "note") if key in ev}
            kept["target"] = kept.get("target") or ""
            kept["span"] = span
            events.append(kept)
        published = art.get("published")
        if published is None and doc.endswith(".xml"):
            # MEANTIME gives the creation date (DCT); the coder dates relative times by it.
            with open(os.path.join(a.data, doc), encoding="utf-8", errors="replace") as f:
                published = meantime_published(f.read())
        out.append({"doc": doc, "sha256": sha, "published": published,
                    "annotator": art.get("annotator"), "events": events})
    with open(a.out, "w", encoding="utf-8") as f:
        for art in out:
            f.write(json.dumps(art, ensure_ascii=False) + "\n")
    print(f"{len(out)} articles, {sum(len(x['events']) for x in out)} events written to {a.out}; {problems} problems")
    sys.exit(1 if problems else 0)


def load_codes(data):
    codes = set()
    for line in open(os.path.join(data, "cameo", "cameo_eventcodes_combined.tsv"), encoding="utf-8"):
        c = line.split("\t")[0]
        if c and c[0].isdigit():
            codes.add(c)
    countries = {l.split("\t")[0] for l in open(os.path.join(data, "geo", "cameo_country_codes.tsv"), encoding="utf-8")
                 if l[:1].isalpha()}
    return codes, countries


def cmd_check(a):
    codes, countries = load_codes(a.data)
    problems = 0
    per_root = collections.Counter()
    n_art = n_ev = 0

    def bad(msg):
        nonlocal problems
        problems += 1
        print(msg)

    for path in a.gold:
        seen_docs = set()
        for ln, line in enumerate(open(path, encoding="utf-8"), 1):
            if not line.strip():
                continue
            art = json.loads(line)
            n_art += 1
            where = f"{path}:{ln}"
            if art["doc"] in seen_docs:
                bad(f"{where}: {art['doc']} annotated twice in one file")
            seen_docs.add(art["doc"])
            text, sha = read_text(a.data, art["doc"])
            if sha != art.get("sha256"):
                bad(f"{where}: {art['doc']} does not match the recorded SHA-256")
            triples = set()
            for k, ev in enumerate(art["events"], 1):
                n_ev += 1
                w = f"{where} event {k}"
                cs = ev.get("codes") or [ev.get("code")]
                for c in cs:
                    if c not in codes:
                        bad(f"{w}: {c!r} is not a CAMEO code")
                per_root[(cs[0] or "??")[:2]] += 1
                for side in ("source", "target"):
                    for alt in (ev.get(side) or "").split("|"):
                        alt = alt.strip().upper()
                        if side == "target" and not alt:
                            continue
                        if not alt:
                            bad(f"{w}: no source")
                        elif not (alt.startswith("---") or alt.startswith("IGO") or alt[:3] in countries or alt[:3] in SECTORS):
                            bad(f"{w}: {side} {alt!r} does not start with a CAMEO country, IGO, '---' or a sector")
                src = {x.strip() for x in ev["source"].split("|")}
                tgt = {x.strip() for x in (ev.get("target") or "").split("|")}
                if src == tgt:
                    # Two actors may share a code (two opposition parties); one actor may not be on
                    # both sides. The code cannot tell these apart, so this is a note to look again.
                    print(f"{w}: note: the same code on both sides ({ev['source']}); right only for two different actors")
                s, e = ev.get("span", [0, 0])
                if not (0 <= s < e <= len(text)):
                    bad(f"{w}: span {s}..{e} outside the article")
                key = (ev["source"], ev.get("target") or "", tuple(cs))
                if key in triples:
                    bad(f"{w}: duplicate event {key}")
                triples.add(key)
    print(f"{n_art} articles, {n_ev} events; per root: " + ", ".join(f"{r} {n}" for r, n in sorted(per_root.items())))
    print(f"{problems} problems")
    sys.exit(1 if problems else 0)


def first(alts):
    return (alts or "").split("|")[0].strip()


def keys(ev, level):
    """The comparison keys of an event at one level: every combination of the alternatives it
    accepts, so two annotations agree when any accepted reading of one is a reading of the other."""
    cs = ev.get("codes") or [ev.get("code")]
    out = set()
    for s in (ev.get("source") or "").split("|"):
        for t in (ev.get("target") or "").split("|"):
            for c in cs:
                s, t = s.strip(), t.strip()
                if level == "countries+root":
                    out.add((s[:3], t[:3], c[:2]))
                elif level == "actors+root":
                    out.add((s, t, c[:2]))
                else:
                    out.add((s, t, c))
    return out


def match(a_events, b_events, level):
    """Greedy one-to-one matching of two event lists: (matched, len(a), len(b))."""
    used = set()
    matched = 0
    for ea in a_events:
        ka = keys(ea, level)
        for j, eb in enumerate(b_events):
            if j not in used and ka & keys(eb, level):
                used.add(j)
                matched += 1
                break
    return matched, len(a_events), len(b_events)


def cmd_agree(a):
    def load(p):
        return {json.loads(l)["doc"]: json.loads(l) for l in open(p, encoding="utf-8") if l.strip()}

    A, B = load(a.a), load(a.b)
    docs = sorted(set(A) & set(B))
    print(f"{len(docs)} articles annotated by both ({a.a} and {a.b})")
    for level in ("countries+root", "actors+root", "full code"):
        m = na = nb = 0
        for d in docs:
            x, y, z = match(A[d]["events"], B[d]["events"], level)
            m, na, nb = m + x, na + y, nb + z
        p = m / nb if nb else 0.0
        r = m / na if na else 0.0
        f = 2 * m / (na + nb) if na + nb else 0.0
        print(f"{level:15} events A {na}  B {nb}  agreed {m}  F1 {f:.3f}  (B against A: P {p:.3f} R {r:.3f})")


def cmd_selftest(a):
    """Checks meantime_text against the expected text of the fixture the Rust reader's test uses
    (crates/eval/testdata), so Python and Rust compute one text."""
    fixture = os.path.join(REPO, "crates", "eval", "testdata", "meantime_sample")
    with open(fixture + ".xml", encoding="utf-8") as f:
        got = meantime_text(f.read())
    with open(fixture + ".txt", encoding="utf-8") as f:
        want = f.read().removesuffix("\n")
    if got != want:
        sys.exit(f"meantime_text differs from {fixture}.txt:\n{got!r}\n{want!r}")
    print("meantime_text matches the Rust reader's fixture")


def cmd_text(a):
    """Prints the text the gold's offsets index (for a MEANTIME file, the rebuilt token text)."""
    for doc in a.doc:
        text, _ = read_text(a.data, doc)
        print(f"==> {doc}\n{text}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=default_data())
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("select")
    s.add_argument("--force", action="store_true")
    s = sub.add_parser("batch")
    s.add_argument("index", type=int, nargs="?", default=0)
    s.add_argument("--of", type=int, default=1)
    s.add_argument("--double", action="store_true")
    s.add_argument("--pool", help="only this pool's articles (e.g. meantime)")
    s.add_argument("--part", type=int, choices=range(1, len(PARTS) + 1),
                   help="only this part's articles (1: BBC and PolNeAR, 2: MEANTIME)")
    sub.add_parser("selftest")
    s = sub.add_parser("text")
    s.add_argument("doc", nargs="+")
    s = sub.add_parser("convert")
    s.add_argument("work")
    s.add_argument("out")
    s = sub.add_parser("check")
    s.add_argument("gold", nargs="+")
    s = sub.add_parser("agree")
    s.add_argument("a")
    s.add_argument("b")
    a = ap.parse_args()
    {"select": cmd_select, "batch": cmd_batch, "convert": cmd_convert, "check": cmd_check, "agree": cmd_agree,
     "text": cmd_text, "selftest": cmd_selftest}[a.cmd](a)


if __name__ == "__main__":
    main()
