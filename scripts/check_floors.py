#!/usr/bin/env python3
"""Checks the evaluation reports written by scripts/eval.sh against
regression guards: the scores recorded in BENCHMARKS.md, less a small margin
for noise. A score below its guard fails the run, so a change that makes a
model or stage worse cannot land unnoticed. Raise a guard when a score
improves; never lower one without saying why in BENCHMARKS.md."""

import re
import sys
from pathlib import Path

# (report file, label, regex with one group, guard)
GUARDS = [
    ("ud.txt", "UPOS (gold tokenization)", r"^UPOS\s+([\d.]+)", 95.0),
    ("ud.txt", "LAS (gold tokenization)", r"^LAS\s+([\d.]+)", 80.0),
    ("ud.txt", "UAS (gold tokenization)", r"^UAS\s+([\d.]+)", 83.0),
    ("ud.txt", "tokens F1 (raw text)", r"^tokens F1\s+-\s+([\d.]+)", 96.0),
    ("ner.txt", "NER F1 (CoNLL-2003 test)", r"tokens \d+\s+precision [\d.]+\s+recall [\d.]+\s+F1 ([\d.]+)", 87.5),
    ("times.txt", "TIMEX value F1", r"^value\s+P\s+[\d.]+\s+R\s+[\d.]+\s+F1\s+([\d.]+)", 84.0),
    ("times.txt", "TIMEX relaxed extent F1", r"^relaxed extent\s+P\s+[\d.]+\s+R\s+[\d.]+\s+F1\s+([\d.]+)", 91.0),
    ("quotes.txt", "direct quote F1", r"^direct\s+gold\s+\d+\s+pred\s+\d+\s+P\s+[\d.]+\s+R\s+[\d.]+\s+F1\s+([\d.]+)", 88.0),
    ("quotes.txt", "direct quote speaker accuracy", r"^direct.*speaker acc\s+([\d.]+)%", 87.0),
    ("events.txt", "PETR-2 GSR triple F1 from text", r"from text:\s+P [\d.]+ R [\d.]+ F1 ([\d.]+)", 0.53),
    ("events.txt", "PETRARCH unit tests from text", r"^PETRARCH unit tests \(\d+\): from text ([\d.]+)% pass", 57.5),
    ("events.txt", "PLOVER gold category accuracy", r"^PLOVER gold \(\d+ records\): category accuracy ([\d.]+)", 0.38),
    ("events.txt", "CASE 2021 event-type accuracy", r"^CASE 2021 task 2 \(\d+ snippets\): accuracy ([\d.]+)", 0.09),
    ("events.txt", "NGEC actor cases resolved", r"^NGEC actor resolution: \d+/\d+ cases resolved \(([\d.]+)\)", 0.38),
    ("places.txt", "places correct of resolvable", r"correct \d+: ([\d.]+)% of resolvable", 89.5),
]


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "target/eval")
    failed = 0
    for name, label, pattern, guard in GUARDS:
        path = out / name
        if not path.exists():
            print(f"guard {label}: no report {path}")
            failed += 1
            continue
        m = re.search(pattern, path.read_text(), re.M)
        if not m:
            print(f"guard {label}: score not found in {path}")
            failed += 1
            continue
        score = float(m.group(1))
        ok = score >= guard
        print(f"guard {label}: {score} (guard {guard}) {'ok' if ok else 'BELOW GUARD'}")
        failed += 0 if ok else 1
    print(f"{len(GUARDS) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
