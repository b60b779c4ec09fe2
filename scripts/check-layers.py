#!/usr/bin/env python3
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The layer check: every `crate::…` / `super::…` path of src/ must point down the table of
scripts/layers.toml, and no two modules (nor two files) may import each other in a cycle.

    python3 scripts/check-layers.py              # check; exit 1 with file:line on each violation
    python3 scripts/check-layers.py --stats      # also print the figures of docs/architecture.md
    python3 scripts/check-layers.py --self-test  # prove the check fails on an upward import
                                                 # and on a cycle (on a copy of src/)

Rules (docs/architecture.md explains them):
1. A top-level module may import only itself and the modules listed before it in
   layers.toml (kernel → platform → domain areas in their declared order → shell).
2. A domain area uses another domain area only through that area's public surface:
   its `model`, its `service` (and what its `mod.rs` re-exports) — never `repo`, `web`, `api`
   or any other file.
3. Inside an area, the files keep their own order: `model` imports no other file of the area,
   `repo` neither `service` nor `web`/`api`, `service` neither `web` nor `api`.
4. No cycle between files (test modules, `#[cfg(test)] mod tests`, are left out).
"""

import re
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
TABLE = ROOT / "scripts" / "layers.toml"


def load_table():
    with open(TABLE, "rb") as f:
        data = tomllib.load(f)
    order = []  # (module, layer)
    for layer in data["layers"]:
        for module in layer["modules"]:
            order.append((module, layer["name"]))
    rank = {m: i for i, (m, _) in enumerate(order)}
    layer_of = dict(order)
    return data, rank, layer_of


def strip_code(text):
    """Blank out comments, strings and char literals (keeping line breaks) and every
    `#[cfg(test)]` item, so that only live code paths are read."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == "r" and re.match(r'r#*"', text[i:i + 10]) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'r(#*)"', text[i:])
            end = text.find('"' + m.group(1), i + len(m.group(0)))
            end = n if end < 0 else end + 1 + len(m.group(1))
            out.append(re.sub(r"[^\n]", " ", text[i:end]))
            i = end
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(re.sub(r"[^\n]", " ", text[i:j + 1]))
            i = j + 1
        elif c == "'" and re.match(r"'(\\.|[^\\'])'", text[i:i + 12]) or (c == "'" and re.match(r"'\\u\{[0-9a-fA-F]+\}'", text[i:i + 12])):
            m = re.match(r"'(\\u\{[0-9a-fA-F]+\}|\\.|[^\\'])'", text[i:])
            out.append(" " * len(m.group(0)))
            i += len(m.group(0))
        else:
            out.append(c)
            i += 1
    code = "".join(out)
    # Drop `#[cfg(test)]` items: the attribute, then the item up to its matching brace or `;`.
    result = list(code)
    for m in re.finditer(r"#\[cfg\(test\)\]", code):
        j = m.end()
        while j < n and code[j] not in "{;":
            j += 1
        if j < n and code[j] == "{":
            depth = 0
            while j < n:
                if code[j] == "{":
                    depth += 1
                elif code[j] == "}":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
        for k in range(m.start(), min(j + 1, n)):
            if result[k] != "\n":
                result[k] = " "
    return "".join(result)


def expand_use_tree(tree):
    """`a::{b, c::{d, e as f}}` → [a::b, a::c::d, a::c::e]."""
    tree = re.sub(r"\s+as\s+\w+", "", tree)
    tree = re.sub(r"\s+", "", tree)
    paths = []

    def walk(prefix, s):
        # split s on top-level commas
        parts, depth, cur = [], 0, ""
        for ch in s:
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            if ch == "," and depth == 0:
                parts.append(cur)
                cur = ""
            else:
                cur += ch
        if cur:
            parts.append(cur)
        for p in parts:
            if not p:
                continue
            k = p.find("{")
            if k >= 0:
                head = p[:k].rstrip(":")
                inner = p[k + 1:p.rfind("}")]
                walk(prefix + ([x for x in head.split("::") if x] if head else []), inner)
            else:
                segs = [x for x in p.split("::") if x]
                paths.append(prefix + segs)

    walk([], tree)
    return paths


class Files:
    def __init__(self):
        self.files = sorted(p for p in SRC.rglob("*.rs"))
        # module path (tuple) → file
        self.by_module = {}
        for f in self.files:
            rel = f.relative_to(SRC).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "mod":
                parts = parts[:-1]
            if parts in (["lib"], ["main"]):
                parts = [parts[0]] if parts == ["main"] else []
            self.by_module[tuple(parts)] = f

    def module_of(self, f):
        for k, v in self.by_module.items():
            if v == f:
                return k
        raise KeyError(f)

    def resolve(self, segs):
        """Longest prefix of `segs` that is a file module; returns (module tuple, rest)."""
        for k in range(len(segs), 0, -1):
            if tuple(segs[:k]) in self.by_module:
                return tuple(segs[:k]), segs[k:]
        return None, segs


def collect(files):
    """Every (from_file, line, from_module, to_module, to_path) edge."""
    edges = []
    for f in files.files:
        mod = files.module_of(f)
        if mod == ("main",):
            base = ()
        else:
            base = mod
        code = strip_code(f.read_text(encoding="utf-8"))
        line_at = lambda pos: code.count("\n", 0, pos) + 1  # noqa: E731
        found = []
        # use statements, possibly spanning lines
        for m in re.finditer(r"\buse\s+((?:crate|super|self)\b[^;]*);", code):
            for p in expand_use_tree(m.group(1)):
                found.append((m.start(), p))
        # inline paths crate::a::b / super::a
        for m in re.finditer(r"(?<![\w:])((?:crate|super)(?:::\w+)+)", code):
            # skip those inside use statements (already taken)
            start = code.rfind(";", 0, m.start())
            seg = code[start + 1:m.start()]
            if re.search(r"\buse\s", seg):
                continue
            found.append((m.start(), m.group(1).split("::")))
        for pos, p in found:
            if not p:
                continue
            if p[0] == "crate":
                target = p[1:]
            elif p[0] in ("super", "self"):
                # relative to this file's module: `super` of a file module `a::b` is `a`
                cur = list(base)
                is_mod_rs = f.name == "mod.rs" or f.name == "lib.rs"
                segs = list(p)
                if segs[0] == "self":
                    segs = segs[1:]
                    cur = list(base)
                else:
                    # inline `mod tests` were dropped; a plain file's `super` is its parent
                    while segs and segs[0] == "super":
                        segs = segs[1:]
                        if not is_mod_rs or cur != list(base):
                            cur = cur[:-1]
                        else:
                            cur = cur[:-1]
                target = cur + segs
            else:
                continue
            tmod, rest = files.resolve(target)
            if tmod is None or tmod == mod:
                continue
            edges.append((f, line_at(pos), mod, tmod, target))
    return edges


def top(mod):
    return mod[0] if mod else "lib"


def scc(nodes, adj):
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]
    sys.setrecursionlimit(10000)

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in adj.get(v, ()):
            if w not in index:
                strong(w)
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
            out.append(comp)

    for v in nodes:
        if v not in index:
            strong(v)
    return out


def self_test():
    """Runs the check on copies of src/ with one upward import, then one cycle, added."""
    import shutil
    import subprocess
    import tempfile

    cases = [
        # kernel → domain: points up
        ("src/money.rs", "\nuse crate::places::service::recent;\n",
         "src/money.rs:", "`money` (kernel) imports `crate::places::service::recent`"),
        # domain → another area's repo
        ("src/events/service/mod.rs", "\nuse crate::bookings::repo::space_by_id;\n",
         "src/events/service/mod.rs:", "another area is used through its model or service only"),
        # inside an area: model → service
        ("src/bookings/model.rs", "\nuse super::service::space;\n",
         "src/bookings/model.rs:", "inside an area, `model` may not use `service`"),
    ]
    failures = 0
    for path, line, where, message in cases:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            shutil.copytree(ROOT / "src", root / "src")
            (root / "scripts").mkdir()
            shutil.copy(TABLE, root / "scripts" / "layers.toml")
            if not (root / path).is_file():
                print(f"FAIL {path}: no such file (a case of this self-test names a moved file)")
                failures += 1
                continue
            with open(root / path, "a", encoding="utf-8") as f:
                f.write(line)
            r = subprocess.run(
                [sys.executable, __file__, "--root", str(root)],
                capture_output=True, text=True,
            )
            ok = r.returncode == 1 and where in r.stdout and message in r.stdout
            print(("ok  " if ok else "FAIL") + f" {path} + {line.strip()}")
            if not ok:
                failures += 1
                print(r.stdout, r.stderr)
    # A cycle between two kernel modules that only point down in name.
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "src", root / "src")
        (root / "scripts").mkdir()
        table = TABLE.read_text(encoding="utf-8").replace('"money", ', '"money", "cyc_a", "cyc_b", ')
        (root / "scripts" / "layers.toml").write_text(table, encoding="utf-8")
        (root / "src" / "cyc_a.rs").write_text("use crate::cyc_b::B;\npub struct A;\n")
        (root / "src" / "cyc_b.rs").write_text("pub struct B;\npub fn a() -> crate::cyc_a::A { crate::cyc_a::A }\n")
        r = subprocess.run([sys.executable, __file__, "--root", str(root)], capture_output=True, text=True)
        ok = r.returncode == 1 and "module cycle between cyc_a, cyc_b" in r.stdout
        print(("ok  " if ok else "FAIL") + " a cycle between two modules")
        if not ok:
            failures += 1
            print(r.stdout, r.stderr)
    print(f"check-layers self-test: {4 - failures} of 4 cases caught")
    return 1 if failures else 0


def main():
    global ROOT, SRC, TABLE
    if "--root" in sys.argv:
        ROOT = Path(sys.argv[sys.argv.index("--root") + 1])
        SRC = ROOT / "src"
        TABLE = ROOT / "scripts" / "layers.toml"
    if "--self-test" in sys.argv:
        return self_test()
    stats = "--stats" in sys.argv
    data, rank, layer_of = load_table()
    domain = set(data["domain"]["areas"])
    surface = set(data["domain"]["surface"])
    file_order = data["files"]["order"]
    files = Files()
    edges = collect(files)
    errors = []

    tops = {top(files.module_of(f)) for f in files.files}
    for t in sorted(tops):
        if t not in rank:
            errors.append(f"src/{t}: module `{t}` is missing from scripts/layers.toml")

    upward = 0
    for f, line, frm, to, path in edges:
        a, b = top(frm), top(to)
        where = f"{f.relative_to(ROOT)}:{line}"
        shown = "crate::" + "::".join(path)
        if a != b:
            if a in rank and b in rank and rank[b] >= rank[a]:
                upward += 1
                errors.append(
                    f"{where}: `{a}` ({layer_of[a]}) imports `{shown}`: `{b}` ({layer_of[b]}) is not "
                    f"below it in scripts/layers.toml"
                )
            elif a in domain and b in domain:
                sub = to[1] if len(to) > 1 else None
                if sub is not None and sub not in surface:
                    errors.append(
                        f"{where}: `{a}` imports `{shown}`: another area is used through its "
                        f"{' or '.join(sorted(surface))} only, not its `{sub}`"
                    )
        else:
            # inside one area: model < repo < service < (web, api, the rest)
            fa = frm[1] if len(frm) > 1 else None
            fb = to[1] if len(to) > 1 else None
            ra = file_order.get(fa) if fa else None
            rb = file_order.get(fb) if fb else None
            if ra is not None and rb is not None and rb > ra:
                errors.append(
                    f"{where}: `{'::'.join(frm)}` imports `{shown}`: inside an area, `{fa}` may not "
                    f"use `{fb}` (order: {', '.join(sorted(file_order, key=file_order.get))})"
                )

    # cycles between top-level modules and between files
    madj, fadj = defaultdict(set), defaultdict(set)
    first_edge = {}
    for f, line, frm, to, path in edges:
        a, b = top(frm), top(to)
        if a != b:
            madj[a].add(b)
            first_edge.setdefault((a, b), (f, line, path))
        fadj[frm].add(to)
        first_edge.setdefault((frm, to), (f, line, path))
    mcomps = [c for c in scc(sorted(tops), madj) if len(c) > 1]
    fnodes = sorted({files.module_of(f) for f in files.files})
    fcomps = [c for c in scc(fnodes, fadj) if len(c) > 1]
    for comp in mcomps:
        names = sorted(comp)
        errors.append(f"module cycle between {', '.join(names)}")
    for comp in fcomps:
        names = sorted("::".join(c) or "lib" for c in comp)
        inside = set(comp)
        detail = []
        for a in comp:
            for b in fadj[a]:
                if b in inside:
                    f, line, path = first_edge[(a, b)]
                    detail.append(f"  {f.relative_to(ROOT)}:{line}: {'::'.join(a)} → crate::{'::'.join(path)}")
        errors.append(f"file cycle of {len(comp)} files: {', '.join(names)}\n" + "\n".join(sorted(detail)[:20]))

    if stats:
        biggest = max((len(c) for c in fcomps), default=1)
        sizes = sorted(((len(f.read_text(encoding='utf-8').splitlines()), f.relative_to(ROOT)) for f in files.files), reverse=True)
        status_fields = 0
        for f in files.files:
            status_fields += len(re.findall(r"\bpub\s+(?:status|kind|mode|programme|visibility)\s*:\s*String\b", f.read_text(encoding="utf-8")))
        print(f"files: {len(files.files)}; import edges: {len(edges)}")
        print(f"largest file cycle: {biggest} files; module cycles: {len(mcomps)}")
        print(f"upward imports: {upward}")
        print(f"largest file: {sizes[0][1]} ({sizes[0][0]} lines); files over 900 lines: {sum(1 for s, _ in sizes if s > 900)}")
        print(f"`status/kind/mode/programme/visibility: String` fields: {status_fields}")

    if errors:
        for e in errors:
            print(e)
        print(f"check-layers: {len(errors)} violation(s); see docs/architecture.md", file=sys.stderr)
        return 1
    print("check-layers: every import points down the table, no cycle")
    return 0


if __name__ == "__main__":
    sys.exit(main())
