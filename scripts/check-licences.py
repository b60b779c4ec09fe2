#!/usr/bin/env python3
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Check that every crate in the dependency graph has a licence compatible
with AGPL-3.0-or-later.

A lightweight stand-in for `cargo deny check licenses` (same allowlist as
deny.toml), so CI does not need to compile cargo-deny on every run.

An SPDX expression passes when at least one OR-branch has all of its
AND-parts in the allowlist. Parentheses, the legacy "/" separator (= OR) and
"WITH <exception>" are understood.

Usage: python3 scripts/check-licences.py [--metadata FILE]
  (default: runs `cargo metadata --format-version 1` in the repo root)
"""
import json
import os
import re
import subprocess
import sys

# Keep in sync with deny.toml [licenses].allow
ALLOWED = {
    "MIT", "MIT-0", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "Zlib",
    "Unicode-3.0", "Unicode-DFS-2016", "MPL-2.0", "CC0-1.0", "Unlicense",
    "BSL-1.0", "0BSD", "CDLA-Permissive-2.0", "OpenSSL",
    "AGPL-3.0-or-later", "AGPL-3.0-only", "AGPL-3.0",
    "GPL-3.0-or-later", "GPL-3.0-only", "GPL-3.0", "GPL-2.0-or-later",
    "LGPL-2.1-or-later", "LGPL-2.1-only", "LGPL-2.1", "LGPL-3.0-or-later",
    "LGPL-3.0-only", "LGPL-3.0",
}
ALLOWED_EXCEPTIONS = {"LLVM-exception", "Classpath-exception-2.0"}
# Crates without a `license` field (only `license-file`) that were reviewed by hand:
# name -> SPDX expression that applies.
CLARIFIED = {}

TOKEN_RE = re.compile(r"\s*(\(|\)|/|[A-Za-z0-9.\-+:]+)")


class ParseError(Exception):
    pass


def tokenize(expr):
    tokens, pos = [], 0
    expr = expr.strip()
    while pos < len(expr):
        m = TOKEN_RE.match(expr, pos)
        if not m:
            raise ParseError(f"unexpected character at {pos} in {expr!r}")
        tok = m.group(1)
        tokens.append("OR" if tok == "/" else tok)
        pos = m.end()
        while pos < len(expr) and expr[pos].isspace():
            pos += 1
    return tokens


def allowed(expr):
    """True if the SPDX expression can be satisfied with allowed licences."""
    tokens = tokenize(expr)
    i = 0

    def peek():
        return tokens[i] if i < len(tokens) else None

    def take():
        nonlocal i
        if i >= len(tokens):
            raise ParseError(f"unexpected end of {expr!r}")
        i += 1
        return tokens[i - 1]

    def parse_or():
        ok = parse_and()
        while peek() is not None and peek().upper() == "OR":
            take()
            ok = parse_and() or ok  # always parse both sides
        return ok

    def parse_and():
        ok = parse_atom()
        while peek() is not None and peek().upper() == "AND":
            take()
            ok = parse_atom() and ok
        return ok

    def parse_atom():
        tok = take()
        if tok == "(":
            ok = parse_or()
            if take() != ")":
                raise ParseError(f"missing ')' in {expr!r}")
        elif tok in (")", "OR", "AND", "WITH"):
            raise ParseError(f"unexpected {tok!r} in {expr!r}")
        else:
            lic = tok[:-1] if tok.endswith("+") else tok  # "GPL-2.0+" style
            ok = lic in ALLOWED or tok in ALLOWED
        if peek() is not None and peek().upper() == "WITH":
            take()
            exc = take()
            ok = ok and exc in ALLOWED_EXCEPTIONS
        return ok

    result = parse_or()
    if i != len(tokens):
        raise ParseError(f"trailing tokens in {expr!r}: {tokens[i:]}")
    return result


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if len(sys.argv) == 3 and sys.argv[1] == "--metadata":
        with open(sys.argv[2]) as f:
            meta = json.load(f)
    else:
        out = subprocess.run(
            ["cargo", "metadata", "--format-version", "1"],
            cwd=root, check=True, stdout=subprocess.PIPE,
        ).stdout
        meta = json.loads(out)

    offenders = []
    for pkg in sorted(meta["packages"], key=lambda p: (p["name"], p["version"])):
        name = f'{pkg["name"]} {pkg["version"]}'
        lic = pkg.get("license") or CLARIFIED.get(pkg["name"])
        if not lic:
            offenders.append((name, "no SPDX `license` field"
                              + (f' (license-file: {pkg.get("license_file")})' if pkg.get("license_file") else "")))
            continue
        try:
            if not allowed(lic):
                offenders.append((name, lic))
        except ParseError as e:
            offenders.append((name, f"unparseable licence expression: {e}"))

    total = len(meta["packages"])
    if offenders:
        print(f"Licence check FAILED: {len(offenders)} of {total} packages are not "
              "compatible with AGPL-3.0-or-later (per scripts/check-licences.py allowlist):")
        for name, why in offenders:
            print(f"  - {name}: {why}")
        return 1
    print(f"Licence check OK: {total} packages, all licences compatible with AGPL-3.0-or-later.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
