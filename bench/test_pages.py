# SPDX-License-Identifier: AGPL-3.0-or-later
"""The route extraction of bench/pages.py, on the real source: it must see every `.route(`
call and every GET route, so the benchmark cannot silently stop measuring a page.

    python3 -m unittest bench/test_pages.py      (from the repository root; run by scripts/test.sh)
"""

import glob
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pages  # noqa: E402

SRC = os.path.join(pages.ROOT, "src")


class Extraction(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.all = pages.extract_routes(SRC)
        cls.get = pages.get_routes(SRC)
        cls.get_paths = {r["path"] for r in cls.get}

    def test_every_route_call_is_read(self):
        # The same count as `grep -o '\.route(' src/**/*.rs`, outside comments.
        calls = 0
        for path in glob.glob(os.path.join(SRC, "**", "*.rs"), recursive=True):
            text = pages._strip_comments(pages._read(path))
            calls += len(re.findall(r"\.route\(", text))
        self.assertGreater(calls, 200)
        self.assertEqual(len(self.all), calls)

    def test_no_router_call_hides_routes(self):
        self.assertEqual(pages.unsupported_router_calls(SRC), [], "nest/route_service/fallback: teach bench/pages.py")

    def test_known_get_routes(self):
        for p in [
            "/",
            "/lieux",
            "/lieux/{slug}",
            "/agenda",
            "/carte",
            "/reseaux/{slug}",
            "/evenements/{id}",
            "/api/v1/places",
            "/api/v1/map",
            "/api/v1/documents",  # `get as g` in documents/api.rs
            "/api/v1/documents/{id}/download",
            "/admin/lieux/{id}",  # GET in tenancy/web.rs, POST in places/admin.rs
            "/static/{*path}",
        ]:
            self.assertIn(p, self.get_paths)

    def test_post_only_routes_are_not_crawled(self):
        for p in ["/deconnexion", "/evenements", "/api/v1/spaces/{id}/bookings", "/langue"]:
            self.assertNotIn(p, self.get_paths)

    def test_every_get_route_in_the_router_source(self):
        # Each `get(` / `g(` handler call site inside a `.route(` appears once: compare with a
        # plain regex count of route calls whose method router names get (or its alias).
        count = 0
        for path in glob.glob(os.path.join(SRC, "**", "*.rs"), recursive=True):
            text = pages._strip_comments(pages._read(path))
            names = ["get"] + [a for a, m in pages._aliases(text).items() if m == "get"]
            for m in re.finditer(r"\.route\(", text):
                chunk = text[m.end() : pages._balanced(text, m.end())]
                chunk = chunk.split(",", 1)[1]  # after the path
                if re.search(r"(?<![\w.])(?:axum::routing::)?(?:%s)\(" % "|".join(names), chunk):
                    count += 1
        paths_with_get = sum(1 for r in self.all if "get" in r["methods"])
        self.assertEqual(paths_with_get, count)
        self.assertEqual(len(self.get), len({r["path"] for r in self.all if "get" in r["methods"]}))

    def test_unknown_forms_fail_loudly(self):
        import tempfile

        for snippet in ['.route("/x", get_service(ServeDir::new("s")))', '.route(PATH, get(h))']:
            with tempfile.TemporaryDirectory() as d:
                with open(os.path.join(d, "m.rs"), "w", encoding="utf-8") as f:
                    f.write("fn r() -> Router { Router::new()" + snippet + " }")
                with self.assertRaises(ValueError):
                    pages.extract_routes(d)

    def test_parameters_have_rules_or_reasons(self):
        samples = {k: "x" for k in set(pages.PARAM_RULES.values())}
        for r in self.get:
            addr, why = pages.fill(r["path"], samples)
            self.assertTrue(addr or "{token}" in why, f"{r['path']}: {why}")

    def test_fill(self):
        s = {"place.slug": "tiers-lieu-de-riez", "funding.id": "7", "project.slug": "p"}
        self.assertEqual(pages.fill("/lieux/{slug}", s), ("/lieux/tiers-lieu-de-riez", None))
        self.assertEqual(pages.fill("/projets/{slug}/financement/dossiers/{id}", s)[0], "/projets/p/financement/dossiers/7")
        addr, why = pages.fill("/groupes/{slug}", s)
        self.assertIsNone(addr)
        self.assertIn("no group", why)
        self.assertIsNone(pages.fill("/flux/{token}", s)[0])

    def test_percentile(self):
        v = list(range(1, 21))
        self.assertEqual(pages.pct(v, 50), 10)
        self.assertEqual(pages.pct(v, 99), 20)

    def test_rotation_script_sends_every_address(self):
        lua = pages.rotation_lua(["/lieux?q=caf%C3%A9&page=1", '/x"y'])
        self.assertIn('"/lieux?q=caf%C3%A9&page=1", "/x\\"y"', lua)
        self.assertIn("i = i % #paths + 1", lua)

    def test_comparisons_are_reported(self):
        w = {"rps": 1000.0, "non_2xx_3xx": 0, "socket_errors": 0}
        cmp = {
            "nginx": [{"label": "map page", "address": "/carte", "status": 200, "bytes": 5000, "app_wrk": w, "nginx_wrk": {"rps": 4000.0}, "ratio": 0.25}],
            "viewports": [{"label": "Lyon", "address": "/api/v1/map?bbox=x", "status": 200, "bytes": 900, "uncached_ms": 31.0, "cached_ms": 0.2}],
            "searches": [{"label": "directory search", "page_wrk": w, "twin_wrk": w, "ratio": 1.0, "page_first_ms": [3.0, 9.0, None], "twin_first_ms": [1.0]}],
        }
        text = "\n".join(pages.compare_lines([{"info": {"engine": "sqlite", "wrk": "wrk -t1"}, "compare": cmp}], ["sqlite"]))
        self.assertIn("| map page | `/carte` | 4.9 KB | 1000 | 4000 | **25 %** ⚠ |", text)
        self.assertIn("| **31.0** ⚠ | 0.2 |", text)
        self.assertIn("| directory search | anonymous |", text)
        self.assertIn("| 1000 | 1000 | 100 % | 6.0 / 9.0 | 1.0 / 1.0 |", text)
        self.assertIn("| directory search | visitor | 20: `/lieux?q=coworking&page=1`… ↔ `/api/v1/places?q=coworking&page=1`… | not measured |", text)
        self.assertEqual(pages.compare_lines([{"info": {"engine": "sqlite"}}], ["sqlite"]), [])


if __name__ == "__main__":
    unittest.main()
