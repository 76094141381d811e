#!/usr/bin/env python3
"""Writes probe.jsonl from probe.txt (the names probe set, issue 20).

probe.txt holds one sentence or short passage a line, gold entities marked
inline as [name|TYPE] or [name|TYPE#key] (mentions sharing a key are one
referent, e.g. two spellings of one person). Lines starting with `## ` open
a group (its tag); `#` lines are comments. Within each group, lines
alternate dev, test, dev, … so both halves cover every pattern; the test
half was fixed before any tuning (never tune on it).

Output, one object a line:
{"id": "n001", "split": "dev", "tag": "title-run", "text": "...",
 "entities": [{"start": 0, "end": 5, "text": "Seoul", "type": "LOC", "key": "e0"}]}
start/end are character offsets into text; keys default to one per mention.
Run: python3 data/gold/ner/gen_probe.py (from anywhere)."""

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARK = re.compile(r"\[([^\[\]|]+)\|(PER|ORG|LOC|MISC)(?:#(\w+))?\]")


def main() -> None:
    out, tag, n, in_group = [], None, 0, 0
    for raw in (HERE / "probe.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("## "):
            tag, in_group = line[3:].strip(), 0
            continue
        if not line or line.startswith("#"):
            continue
        text, ents, pos = "", [], 0
        for m in MARK.finditer(line):
            text += line[pos : m.start()]
            start = len(text)
            text += m.group(1)
            key = m.group(3) or f"e{len(ents)}"
            ents.append({"start": start, "end": len(text), "text": m.group(1),
                         "type": m.group(2), "key": key})
            pos = m.end()
        text += line[pos:]
        assert "[" not in text and "]" not in text, f"unclosed mark: {raw}"
        n += 1
        split = "dev" if in_group % 2 == 0 else "test"
        in_group += 1
        out.append({"id": f"n{n:03}", "split": split, "tag": tag, "text": text, "entities": ents})
    with open(HERE / "probe.jsonl", "w", encoding="utf-8") as f:
        for o in out:
            f.write(json.dumps(o, ensure_ascii=False) + "\n")
    print(f"{len(out)} lines, {sum(len(o['entities']) for o in out)} entities")


if __name__ == "__main__":
    main()
