#!/usr/bin/env python3
# SPDX-License-Identifier: AGPL-3.0-or-later
"""First and warm server times of the census and guide pages of one network (issue 16).

    python3 bench/census_pages.py http://127.0.0.1:8301 [network-slug] [campaign-id]

Against a running server on the national data set (`maillage demo --scale national`): six
sequential requests per address, anonymous then signed in as the network's animator and as a
member; prints the first request's server time (`Server-Timing`), the median and the maximum
of the five after it, the status and the bytes. Start the server just before, so that "first"
is the uncached reading. Uses bench/pages.py's client (standard library only).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pages  # noqa: E402

base = sys.argv[1]
slug = sys.argv[2] if len(sys.argv) > 2 else "reseau-des-tiers-lieux-d-auvergne-rhone-alpes-national"
campaign = sys.argv[3] if len(sys.argv) > 3 else "5"
password = os.environ.get("PASSWORD", "demo-maillage-2026")
routes = [
    f"/reseaux/{slug}/observatoire",
    f"/reseaux/{slug}/observatoire.pdf",
    f"/reseaux/{slug}/observatoire/interne",
    f"/reseaux/{slug}/observatoire/campagnes/{campaign}/chiffres.json",
    f"/api/v1/campaigns/{campaign}/aggregates",
    f"/reseaux/{slug}/rapport",
    f"/reseaux/{slug}/guide",
]
for who in ["anonymous", "animateur@national.maillage.test", "membre@national.maillage.test"]:
    c = pages.Client(base)
    if who != "anonymous":
        ok, status = c.login(who, password)
        if not ok:
            sys.exit(f"sign-in of {who} failed: {status}")
    for r in routes:
        times = []
        for _ in range(6):
            resp, data, _ = c.request("GET", r)
            times.append(pages.server_ms(resp) or 0.0)
        then = sorted(times[1:])
        print(
            f"{who.split('@')[0]:10} {resp.status} first {times[0]:8.1f} ms  "
            f"then p50 {then[2]:7.1f} max {then[-1]:7.1f}  {len(data):7d} B  {r}"
        )
