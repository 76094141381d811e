"""The Python package beside the CLI on the same articles, in one run (issue 21), for
scripts/bench_python.sh.

Times, one after the other and each in its own process so that its CPU time is its own:
`newsgraph analyze --json -j 1 DIRS` (output to /dev/null) and the same job through the package
(`Pipeline()`, `read(DIRS)`, `analyze_many(threads=1)`, `to_json()` of each article); both load
the models, read the files and write the JSON, so the work is the same. CPU time (user + system
of the child) is the figure, as in scripts/peer_spacy.sh: the machine may be shared, and wall
time then measures the other tenants. Tokens are newsgraph's own count of the same articles
(newsgraph-bench), so tokens per CPU-second is that count over each side's CPU time.

Usage: python bench_python.py NEWSGRAPH_BIN TOKENS DIR...
"""

import json
import resource
import subprocess
import sys
import time

PY_JOB = r"""
import sys, newsgraph
nlp = newsgraph.Pipeline()
n = 0
for a in nlp.analyze_many(newsgraph.read(sys.argv[1:]), threads=1):
    a.to_json()
    n += 1
print(n)
"""


def timed(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return out.stdout, cpu, wall


def main():
    bin_, tokens, dirs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    rows = []
    out, cpu, wall = timed([bin_, "analyze", "--json", "-j", "1", *dirs])
    n = sum(1 for line in out.splitlines() if line.strip())
    rows.append(("newsgraph analyze --json -j 1 (CLI)", n, cpu, wall))
    out, cpu, wall = timed([sys.executable, "-c", PY_JOB, *dirs])
    rows.append(("newsgraph.Pipeline().analyze_many(threads=1)", int(out.strip()), cpu, wall))
    print(f"{'system':<46} {'articles':>8} {'CPU s':>7} {'wall s':>7} {'art/CPU-s':>9} {'tok/CPU-s':>9}")
    for name, n, cpu, wall in rows:
        print(f"{name:<46} {n:>8} {cpu:>7.1f} {wall:>7.1f} {n / cpu:>9.1f} {tokens / cpu:>9.0f}")
    (_, n_cli, cpu_cli, _), (_, n_py, cpu_py, _) = rows
    if n_cli != n_py:
        sys.exit(f"bench_python: the CLI analysed {n_cli} articles, the package {n_py}")
    print(f"python / CLI CPU time: {cpu_py / cpu_cli:.3f} ({(cpu_py / cpu_cli - 1) * 100:+.1f} %)")
    print(json.dumps({"articles": n_cli, "tokens": tokens, "cli_cpu_s": round(cpu_cli, 2),
                      "python_cpu_s": round(cpu_py, 2)}))


if __name__ == "__main__":
    main()
