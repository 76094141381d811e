#!/usr/bin/env python3
"""Checks the metrics written by scripts/eval.sh (`newsgraph eval all --json`:
JSON Lines, one {"suite", "metric", "value", "scale"} object per line)
against regression guards: the scores recorded in BENCHMARKS.md, less a
small margin for noise. A score below its guard fails the run, so a change
that makes a model or stage worse cannot land unnoticed. Raise a guard when
a score improves; never lower one without saying why in BENCHMARKS.md."""

import json
import sys
from pathlib import Path

# (suite, metric, label, guard); the guard is in the metric's own scale.
GUARDS = [
    ("ud", "upos_gold_tok", "UPOS (gold tokenization)", 95.5),
    ("ud", "las_gold_tok", "LAS (gold tokenization)", 82.0),
    ("ud", "uas_gold_tok", "UAS (gold tokenization)", 85.0),
    # Issue 18: GUM test and PUD (a test set only) with the EWT + GUM models.
    ("ud", "gum_las_gold_tok", "GUM test LAS (gold tokenization)", 81.0),
    ("ud", "gum_uas_gold_tok", "GUM test UAS (gold tokenization)", 84.5),
    ("ud", "pud_las_gold_tok", "PUD LAS (gold tokenization)", 80.0),
    ("ud", "pud_uas_gold_tok", "PUD UAS (gold tokenization)", 83.5),
    # The team's news-construction set (data/gold/parse): a test set, reported only.
    ("parse_news", "core_heads", "news constructions: subject/object/oblique heads", 88.0),
    ("ud", "tokens_f1_raw", "tokens F1 (raw text)", 96.0),
    ("ner", "f1", "NER F1 (CoNLL-2003 test)", 87.5),
    # Issue 20: GUM test and MEANTIME, mapped to CoNLL's types (crates/eval/src/ner_corpora.rs),
    # all four types and PER+ORG+LOC alone.
    ("ner", "gum_f1", "NER F1 (GUM test, mapped)", 55.0),
    ("ner", "gum_plo_f1", "NER PER+ORG+LOC F1 (GUM test, mapped)", 63.0),
    ("ner", "meantime_f1", "NER F1 (MEANTIME names, mapped)", 63.5),
    ("ner", "meantime_plo_f1", "NER PER+ORG+LOC F1 (MEANTIME names, mapped)", 73.0),
    # Issue 20: the team's modern-news names probe (data/gold/ner): entities right, whole set
    # and the test half (fixed before tuning, never tuned on).
    ("names", "entities_right", "names probe: entities right", 96.0),
    ("names", "test_entities_right", "names probe (test half): entities right", 95.0),
    ("names", "variants_merged", "names probe: spelling variants merged", 99.0),
    ("times", "value_f1", "TIMEX value F1", 84.0),
    ("times", "relaxed_extent_f1", "TIMEX relaxed extent F1", 91.0),
    ("quotes", "polnear_direct_f1", "direct quote F1", 88.0),
    ("quotes", "polnear_direct_speaker_accuracy", "direct quote speaker accuracy", 89.0),
    # The team's quote probe set (data/gold/quotes, issue 22): speakers right, and the share of
    # predicted speakers that can speak at all.
    ("quotes", "probe_speaker_accuracy", "probe set speakers right", 94.5),
    ("quotes", "probe_valid_speakers", "probe set valid speakers", 99.5),
    # Issue 22: reported speech on PolNeAR test (precision must stay >= 80).
    ("quotes", "polnear_indirect_precision", "indirect (reported speech) precision", 80.0),
    ("quotes", "polnear_indirect_recall", "indirect (reported speech) recall", 19.5),
    ("quotes", "meantime_found", "MEANTIME speech events found", 49.0),
    ("events", "gsr_text_f1", "PETR-2 GSR triple F1 from text", 0.53),
    ("events", "unit_tests_text_pass", "PETRARCH unit tests from text", 57.5),
    ("events", "plover_accuracy", "PLOVER gold category accuracy", 0.38),
    ("events", "case2021_accuracy", "CASE 2021 event-type accuracy", 0.09),
    ("events", "ngec_resolved", "NGEC actor cases resolved", 0.38),
    ("places", "correct_of_resolvable", "places correct of resolvable", 89.5),
    # The team's real-news event gold set (data/gold/events); dev only: the test split is
    # reported, never used to select anything.
    ("events_gold", "dev_countries_root_f1", "real-news events F1, countries + root (dev)", 0.22),
    ("events_gold", "dev_countries_root_precision", "real-news events precision, countries + root (dev)", 0.28),
    ("events_gold", "dev_actors_root_f1", "real-news events F1, actors + root (dev)", 0.075),
]


# (suite, metric, label, ceiling): counts that must not rise above the ceiling.
CEILINGS = [
    # data/gold/events/probe-none.jsonl: 30 sentences we wrote that code no event.
    ("events_gold", "probe-none_coded_events", "events coded on the no-event probe", 1),
    # Issue 20 targets on the names probe: no title or office words inside a person or
    # organization, never two people merged; spurious names at most today's 5.
    ("names", "titles_in_spans", "names probe: titles inside PERSON/ORG spans", 0),
    ("names", "wrong_merges", "names probe: two people merged", 0),
    ("names", "spurious", "names probe: spurious names", 6),
]
GUARDS += [
    ("events_gold", "probe-some_countries_root_f1", "event probe F1, countries + root", 0.65),
]


def read_metrics(path: Path) -> dict:
    metrics = {}
    for line in path.read_text().splitlines():
        if line.strip():
            m = json.loads(line)
            metrics[(m["suite"], m["metric"])] = m
    return metrics


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "target/eval")
    path = out / "metrics.jsonl" if out.is_dir() else out
    if not path.exists():
        print(f"no metrics file {path}")
        return 1
    metrics = read_metrics(path)
    failed = 0
    # A guard is a floor (score >= bound), a ceiling a count that must stay <= bound.
    checks = [("guard", g, True) for g in GUARDS] + [("ceiling", c, False) for c in CEILINGS]
    for kind, (suite, metric, label, bound), floor in checks:
        m = metrics.get((suite, metric))
        if m is None:
            print(f"{kind} {label}: no metric {suite}/{metric} in {path}")
            failed += 1
            continue
        score = m["value"]
        if floor:
            ok = score >= bound
            print(f"guard {label}: {score:.4g} {m['scale']} (guard {bound}) {'ok' if ok else 'BELOW GUARD'}")
        else:
            ok = score <= bound
            print(f"ceiling {label}: {score:.4g} (at most {bound}) {'ok' if ok else 'ABOVE CEILING'}")
        failed += 0 if ok else 1
    print(f"{len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
