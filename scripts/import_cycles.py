#!/usr/bin/env python3
"""Lists file-level import cycles inside each crate of the workspace.

Usage: python3 scripts/import_cycles.py [--with-parents] [ROOT]

A file imports another when its non-test code names an item of the other's
module through a `crate::`, `super::` or `self::` path (in a `use` or
inline, or a
parent through a plain `child::` path). Files are modules: src/lib.rs and src/main.rs are the crate root,
src/a.rs or src/a/mod.rs is `a`, src/a/b.rs is `a::b`; a path resolves to
the file of its longest module prefix. A `mod` declaration is not an import.
Test code is left out: files named tests.rs or under tests/ or benches/, and
everything from a `#[cfg(test)]` line on (tests sit at the end of a file).

By default an import between a file and one of its ancestor modules (a
child using its parent's error type, a parent calling its child) is not
counted: that is Rust's usual facade, and the question here is whether
sibling files lean on each other. `--with-parents` counts those too.

Prints each cycle (a strongly connected set of two or more files, with the
edges between them) and their count; exits 1 when there is one."""

import re
import sys
from pathlib import Path

USE = re.compile(r"\buse\s+((?:crate|super|self)\b[^;]*);", re.S)
INLINE = re.compile(r"\b((?:crate|self|super)(?:::(?:super|\w+))+)")


def strip_code(text):
    """Text with comments and string literals blanked (newlines kept)."""
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    text = re.sub(r'"(?:\\.|[^"\\])*"', '""', text)
    return text


def non_test(text):
    k = text.find("#[cfg(test)]")
    return text if k < 0 else text[:k]


def expand(tree):
    """The paths of a use tree: `a::{b, c::d}` → a::b, a::c::d."""
    tree = re.sub(r"\s+", "", tree)
    k = tree.find("{")
    if k < 0:
        return [tree.split(" as ")[0]]
    prefix, body = tree[:k], tree[k + 1 : tree.rfind("}")]
    parts, depth, cur = [], 0, ""
    for ch in body:
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        depth += ch == "{"
        depth -= ch == "}"
        cur += ch
    parts.append(cur)
    out = []
    for p in parts:
        if p:
            out.extend(expand(prefix + p))
    return out


def module_of(src, path):
    rel = path.relative_to(src).with_suffix("")
    parts = list(rel.parts)
    if parts in (["lib"], ["main"]):
        return ()
    if parts[-1] == "mod":
        parts = parts[:-1]
    return tuple(parts)


def resolve(here, path, modules):
    segs = path.replace("::self", "").split("::")
    if segs[0] == "crate":
        base, segs = [], segs[1:]
    else:
        base = list(here)
        while segs and segs[0] in ("super", "self"):
            if segs[0] == "super" and base:
                base.pop()
            segs = segs[1:]
    full = base + [s for s in segs if s != "*"]
    for n in range(len(full), -1, -1):
        if tuple(full[:n]) in modules:
            return tuple(full[:n])
    return None


def crate_edges(src):
    files = {}
    for p in sorted(src.rglob("*.rs")):
        if p.name == "tests.rs" or "tests" in p.relative_to(src).parts[:-1]:
            continue
        if "bin" in p.relative_to(src).parts[:-1]:
            continue
        files[module_of(src, p)] = p
    edges = {}
    for mod, p in files.items():
        code = non_test(strip_code(p.read_text(encoding="utf-8")))
        paths = []
        for m in USE.finditer(code):
            paths.extend(expand(m.group(1)))
        paths.extend(m.group(1) for m in INLINE.finditer(USE.sub("", code)))
        # A parent names its own child modules without a prefix (`tree::Tree`).
        children = re.findall(r"^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;", code, re.M)
        for child in children:
            for m in re.finditer(r"(?<![\w:])(" + child + r"(?:::\w+)+)", code):
                paths.append("self::" + m.group(1))
        for path in paths:
            t = resolve(mod, path, files)
            if t is not None and t != mod:
                edges.setdefault(mod, set()).add(t)
    return files, edges


def sccs(nodes, edges):
    index, low, stack, on, out, n = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in nodes:
        if v not in index:
            visit(v)
    return out


def is_ancestor(a, b):
    return len(a) < len(b) and b[: len(a)] == a


def main():
    args = sys.argv[1:]
    with_parents = "--with-parents" in args
    args = [a for a in args if a != "--with-parents"]
    root = Path(args[0] if args else ".")
    total = 0
    for src in sorted(root.glob("crates/*/src")):
        files, edges = crate_edges(src)
        if not with_parents:
            edges = {
                a: {b for b in bs if not is_ancestor(a, b) and not is_ancestor(b, a)}
                for a, bs in edges.items()
            }
        for comp in sccs(sorted(files), edges):
            total += 1
            names = lambda m: str(files[m].relative_to(root))
            print("cycle: " + ", ".join(names(m) for m in comp))
            for a in comp:
                for b in sorted(edges.get(a, ())):
                    if b in comp:
                        print(f"  {names(a)} -> {names(b)}")
    print(f"{total} file-level import cycle(s)")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
