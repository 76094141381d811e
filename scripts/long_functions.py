#!/usr/bin/env python3
"""Counts the non-test functions longer than a limit (100 lines by default)
in the workspace's Rust sources, and lists them longest first.

Usage: python3 scripts/long_functions.py [--limit N] [--list] [ROOT]

A function's length runs from its `fn` line to its closing brace. Test code
is left out: files named tests.rs or under a tests/ or benches/ folder, and
items under `#[cfg(test)]` or `#[test]`. The scan is lexical (strings, chars
and comments are skipped so their braces do not count), which is enough for
rustfmt-formatted code."""

import re
import sys
from pathlib import Path

FN = re.compile(r"^\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?(extern\s+\"[^\"]*\"\s+)?fn\s+(\w+)")


def strip_code(text):
    """The text with comments, strings and char literals blanked out (newlines kept)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            i = j
            continue
        if text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append("\n" * text.count("\n", i, j))
            i = j
            continue
        m = re.match(r'b?r(#*)"', text[i:i + 20])
        if m and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            end = '"' + m.group(1)
            j = text.find(end, i + m.end())
            j = n if j < 0 else j + len(end)
            out.append("\n" * text.count("\n", i, j))
            i = j
            continue
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append("\n" * text.count("\n", i, j + 1))
            i = j + 1
            continue
        if c == "'":
            m = re.match(r"'(\\.[^']*|[^\\'])'", text[i:i + 12])
            if m:
                i += m.end()
                continue
        out.append(c)
        i += 1
    return "".join(out)


def functions(path):
    lines = strip_code(path.read_text()).split("\n")
    test_depth = None  # brace depth at which a test-only item started
    depth = 0
    pending_test = False
    stack = []  # (name, start line, depth before its body)
    found = []
    for no, line in enumerate(lines, 1):
        s = line.strip()
        if s.startswith("#[cfg(test)]") or s.startswith("#[test]"):
            pending_test = True
        m = FN.match(line)
        if m and test_depth is None and not pending_test:
            stack.append((m.group(7), no, depth))
        for ch in line:
            if ch == "{":
                if pending_test and test_depth is None:
                    test_depth = depth
                    pending_test = False
                depth += 1
            elif ch == "}":
                depth -= 1
                if test_depth is not None and depth == test_depth:
                    test_depth = None
                if stack and depth == stack[-1][2]:
                    name, start, _ = stack.pop()
                    found.append((no - start + 1, name, start))
        if pending_test and s.endswith(";"):
            pending_test = False  # `#[cfg(test)] mod tests;` or a test-only `use`
        # A `fn` signature without a body (a trait item) ends with `;`.
        if stack and stack[-1][1] == no and s.endswith(";"):
            stack.pop()
    return found


def main():
    args = sys.argv[1:]
    limit, show = 100, False
    root = Path(".")
    while args:
        a = args.pop(0)
        if a == "--limit":
            limit = int(args.pop(0))
        elif a == "--list":
            show = True
        else:
            root = Path(a)
    long = []
    for path in sorted(root.glob("crates/**/*.rs")):
        parts = path.parts
        if path.name == "tests.rs" or "tests" in parts or "benches" in parts or path.name.endswith("_tests.rs"):
            continue
        for length, name, start in functions(path):
            if length > limit:
                long.append((length, f"{path}:{start}", name))
    long.sort(reverse=True)
    if show:
        for length, where, name in long:
            print(f"{length:5}  {name:30} {where}")
    print(f"{len(long)} non-test functions over {limit} lines")


if __name__ == "__main__":
    main()
