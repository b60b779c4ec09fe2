#!/usr/bin/env python3
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Whole-application benchmark (issue 16, point 2), driven by `bench/pages.sh`.

Standard library only. Subcommands:

  routes                 the router's GET routes, read from src/**/*.rs (no list to maintain)
  crawl                  signs in as each role, fills every route's parameters from sample
                         rows of the database, requests each route REQUESTS times per role and
                         records the server time (`Server-Timing`), bytes, SQL statements
                         (`x-sql-statements`, PostgreSQL only) and status; then `wrk` on the
                         most used pages and their API twins. Writes one JSON file per engine.
  report                 merges the engines' JSON files into the raw results file and a dated
                         Markdown section of BENCHMARKS.md.

Only GET requests are sent (plus one sign-in POST per account), so the data set can be reused.
"""

import argparse
import datetime
import glob
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# ---------------------------------------------------------------------------------------------
# Route extraction
# ---------------------------------------------------------------------------------------------

# Methods a `MethodRouter` chain may carry (`get(h).post(h)`, `axum::routing::delete(h)`…).
KNOWN_METHODS = {"get", "post", "put", "patch", "delete", "head", "options", "trace", "any"}
# Chained calls that are not methods.
NOT_METHODS = {"layer", "route_layer", "with_state", "fallback"}


def _balanced(text, start):
    """Index just past the parenthesis closing the one opened before `start` (strings and
    comments of route definitions hold no parentheses worth a real lexer)."""
    depth, i = 1, start
    while depth:
        c = text[i]
        if c == '"':
            i = text.index('"', i + 1)
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        i += 1
    return i


def _aliases(text):
    """`use axum::routing::{get as g, post}` -> {"g": "get"}."""
    out = {}
    for m in re.finditer(r"\b(get|post|put|patch|delete|any)\s+as\s+(\w+)", text):
        out[m.group(2)] = m.group(1)
    return out


def _read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def _strip_comments(text):
    return re.sub(r"//[^\n]*", lambda m: " " * len(m.group(0)), text)


def extract_routes(src_dir=None):
    """Every `.route("path", method_router)` of src/**/*.rs: a list of dicts
    {path, methods (sorted), file, line}. Raises ValueError on a call it cannot read, so a new
    form of route definition fails the unit test instead of being skipped."""
    src_dir = src_dir or os.path.join(ROOT, "src")
    routes = []
    for path in sorted(glob.glob(os.path.join(src_dir, "**", "*.rs"), recursive=True)):
        text = _strip_comments(_read(path))
        aliases = _aliases(text)
        rel = os.path.relpath(path, os.path.dirname(src_dir))
        for m in re.finditer(r"\.route\(", text):
            end = _balanced(text, m.end())
            body = text[m.end() : end - 1]
            line = text.count("\n", 0, m.start()) + 1
            pm = re.match(r'\s*"([^"]*)"\s*,(.*)$', body, re.S)
            if not pm:
                raise ValueError(f"{rel}:{line}: route path is not a string literal: {body[:80]!r}")
            route_path, router = pm.group(1), pm.group(2)
            methods = set()
            # Top-level calls of the method router: `name(` or `path::name(` at depth 0.
            depth, i, n = 0, 0, len(router)
            while i < n:
                c = router[i]
                if c in "([{":
                    depth += 1
                elif c in ")]}":
                    depth -= 1
                elif depth == 0:
                    cm = re.match(r"(?:\w+::)*(\w+)\s*\(", router[i:])
                    if cm and (i == 0 or not (router[i - 1].isalnum() or router[i - 1] in "_:")):
                        name = aliases.get(cm.group(1), cm.group(1))
                        if name in KNOWN_METHODS:
                            methods.add(name)
                        elif name not in NOT_METHODS:
                            raise ValueError(f"{rel}:{line}: unknown call {cm.group(1)!r} in the method router of {route_path}")
                        i += cm.end() - 1
                        continue
                i += 1
            if not methods:
                raise ValueError(f"{rel}:{line}: no method found for {route_path}")
            routes.append({"path": route_path, "methods": sorted(methods), "file": rel, "line": line})
    return routes


def unsupported_router_calls(src_dir=None):
    """Router calls that would add routes this extraction does not see (`nest`,
    `route_service`, `nest_service`, `fallback`): `file:line` of each."""
    src_dir = src_dir or os.path.join(ROOT, "src")
    found = []
    for path in sorted(glob.glob(os.path.join(src_dir, "**", "*.rs"), recursive=True)):
        text = _strip_comments(_read(path))
        for m in re.finditer(r"\.(nest|nest_service|route_service|fallback|fallback_service)\(", text):
            found.append(f"{os.path.relpath(path, ROOT)}:{text.count(chr(10), 0, m.start()) + 1}: .{m.group(1)}(")
    return found


def get_routes(src_dir=None):
    """The GET routes, one per path (axum merges the method routers given to one path by
    several `.route` calls, e.g. `GET /admin/lieux/{id}` and `POST /admin/lieux/{id}`)."""
    by_path = {}
    for r in extract_routes(src_dir):
        if r["path"] in by_path:
            merged = by_path[r["path"]]
            merged["methods"] = sorted(set(merged["methods"]) | set(r["methods"]))
            if "get" in r["methods"]:
                merged["file"], merged["line"] = r["file"], r["line"]
        else:
            by_path[r["path"]] = dict(r)
    out = [r for r in by_path.values() if "get" in r["methods"] or "any" in r["methods"]]
    return sorted(out, key=lambda r: r["path"])


# ---------------------------------------------------------------------------------------------
# Parameters: sample rows
# ---------------------------------------------------------------------------------------------

ROLES = ["anonymous", "visitor", "member", "manager", "animator", "admin"]
ROLE_LABELS = {
    "anonymous": "anonymous",
    "visitor": "visitor (account, no role)",
    "member": "member",
    "manager": "place manager",
    "animator": "network animator",
    "admin": "instance admin",
}
DEFAULT_EMAILS = {
    "visitor": "visiteur@national.maillage.test",
    "member": "membre@national.maillage.test",
    "manager": "gerant@national.maillage.test",
    "animator": "animateur@national.maillage.test",
    "admin": "admin@national.maillage.test",
}
# The small demo's accounts (`maillage demo` without `--scale`; bench/pages.sh adds the visitor).
DEMO_EMAILS = {
    "visitor": "visiteur@demo.maillage.fr",
    "member": "membre@demo.maillage.fr",
    "manager": "gerant.riez@demo.maillage.fr",
    "animator": "animatrice@demo.maillage.fr",
    "admin": "admin@demo.maillage.fr",
}
EMAIL_ENV = {
    "visitor": "VISITOR_EMAIL",
    "member": "MEMBER_EMAIL",
    "manager": "MANAGER_EMAIL",
    "animator": "ANIMATOR_EMAIL",
    "admin": "ADMIN_EMAIL",
}


class Db:
    """Read-only queries through the sqlite3 or psql command-line client (tab-separated)."""

    def __init__(self, sqlite=None, pg=None):
        self.sqlite, self.pg = sqlite, pg

    def rows(self, sql):
        if self.sqlite:
            cmd = ["sqlite3", "-readonly", "-batch", "-noheader", "-separator", "\t", self.sqlite, sql]
        else:
            cmd = ["psql", self.pg, "-X", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        return [line.split("\t") for line in out.splitlines() if line]

    def one(self, sql):
        r = self.rows(sql)
        return r[0] if r else None


def account_emails(db):
    """Each role's email: from the environment, else the generator's fixed accounts
    (`admin@<scale>.maillage.test`…) when the data set has them, else the small demo's."""
    row = db.one("SELECT email FROM users WHERE email LIKE 'admin@%.maillage.test' ORDER BY email LIMIT 1")
    if row:
        domain = row[0].split("@", 1)[1]
        defaults = {role: e.split("@")[0] + "@" + domain for role, e in DEFAULT_EMAILS.items()}
    elif db.one(f"SELECT id FROM users WHERE email = {q(DEMO_EMAILS['admin'])}"):
        defaults = DEMO_EMAILS
    else:
        defaults = DEFAULT_EMAILS
    return {role: os.environ.get(EMAIL_ENV[role], defaults[role]) for role in EMAIL_ENV}


def q(s):
    return "'" + s.replace("'", "''") + "'"


def find_samples(db, emails):
    """The sample rows that fill route parameters, chosen by SQL so the same queries work on
    the national data set and on the small demo: the biggest network (administered by the
    animator when possible), the place with the most bookings (managed by the manager when
    possible), and things that belong to them. Returns {key: value or None} and the SQL used."""
    s = {}

    def pick(keys, *queries):
        for sql in queries:
            if sql is None:
                continue
            row = db.one(sql)
            if row:
                for k, v in zip(keys, row):
                    s[k] = v
                return
        for k in keys:
            s[k] = None

    uid = {}
    for role, email in emails.items():
        row = db.one(f"SELECT id FROM users WHERE email = {q(email)}")
        uid[role] = row[0] if row else None
    s["users"] = uid

    count_places = "(SELECT COUNT(*) FROM network_places np WHERE np.network_id = n.id)"
    pick(
        ["network.id", "network.slug"],
        uid.get("animator") and f"SELECT n.id, n.slug FROM networks n WHERE n.id IN (SELECT network_id FROM roles "
        f"WHERE user_id = {uid['animator']} AND role = 'network_admin') ORDER BY {count_places} DESC, n.id LIMIT 1",
        f"SELECT n.id, n.slug FROM networks n ORDER BY {count_places} DESC, n.id LIMIT 1",
    )
    count_bookings = "(SELECT COUNT(*) FROM bookings b JOIN spaces sp ON sp.id = b.space_id WHERE sp.place_id = p.id)"
    pick(
        ["place.id", "place.slug"],
        uid.get("manager") and f"SELECT p.id, p.slug FROM places p WHERE p.id IN (SELECT place_id FROM roles "
        f"WHERE user_id = {uid['manager']} AND role = 'place_manager') ORDER BY {count_bookings} DESC, p.id LIMIT 1",
        f"SELECT p.id, p.slug FROM places p ORDER BY {count_bookings} DESC, p.id LIMIT 1",
    )
    pid, nid = s["place.id"] or "0", s["network.id"] or "0"
    pick(
        ["space.id"],
        f"SELECT sp.id FROM spaces sp WHERE sp.place_id = {pid} ORDER BY (SELECT COUNT(*) FROM bookings b WHERE b.space_id = sp.id) DESC, sp.id LIMIT 1",
        "SELECT sp.id FROM spaces sp ORDER BY (SELECT COUNT(*) FROM bookings b WHERE b.space_id = sp.id) DESC, sp.id LIMIT 1",
    )
    count_regs = "(SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = e.id)"
    pick(
        ["event.id"],
        f"SELECT e.id FROM events e WHERE e.place_id = {pid} AND e.status = 'published' ORDER BY {count_regs} DESC, e.id LIMIT 1",
        f"SELECT e.id FROM events e WHERE e.status = 'published' ORDER BY {count_regs} DESC, e.id LIMIT 1",
    )
    pick(
        ["registration.id"],
        uid.get("member") and f"SELECT r.id FROM event_registrations r WHERE r.user_id = {uid['member']} ORDER BY r.id DESC LIMIT 1",
        "SELECT r.id FROM event_registrations r ORDER BY r.id DESC LIMIT 1",
    )
    pick(
        ["service.id"],
        f"SELECT id FROM services WHERE place_id = {pid} ORDER BY id LIMIT 1",
        "SELECT id FROM services ORDER BY id LIMIT 1",
    )
    count_members = "(SELECT COUNT(*) FROM group_members gm WHERE gm.group_id = g.id)"
    pick(
        ["group.id", "group.slug"],
        f"SELECT g.id, g.slug FROM groups g WHERE g.place_id = {pid} ORDER BY {count_members} DESC, g.id LIMIT 1",
        f"SELECT g.id, g.slug FROM groups g ORDER BY {count_members} DESC, g.id LIMIT 1",
    )
    gid = s["group.id"] or "0"
    pick(
        ["meeting.id"],
        f"SELECT id FROM meetings WHERE group_id = {gid} ORDER BY starts_at DESC, id LIMIT 1",
        "SELECT id FROM meetings ORDER BY starts_at DESC, id LIMIT 1",
    )
    richness = (
        "((SELECT COUNT(*) FROM project_stakeholders x WHERE x.project_id = pr.id)"
        " + (SELECT COUNT(*) FROM funding_applications x WHERE x.project_id = pr.id)"
        " + (SELECT COUNT(*) FROM budget_lines x WHERE x.project_id = pr.id)"
        " + (SELECT COUNT(*) FROM project_members x WHERE x.project_id = pr.id))"
    )
    pick(
        ["project.id", "project.slug"],
        f"SELECT pr.id, pr.slug FROM projects pr WHERE pr.network_id = {nid} ORDER BY {richness} DESC, pr.id LIMIT 1",
        f"SELECT pr.id, pr.slug FROM projects pr ORDER BY {richness} DESC, pr.id LIMIT 1",
    )
    prid = s["project.id"] or "0"
    pick(["stakeholder.id"], f"SELECT id FROM project_stakeholders WHERE project_id = {prid} ORDER BY id LIMIT 1")
    pick(["funding.id"], f"SELECT id FROM funding_applications WHERE project_id = {prid} ORDER BY id LIMIT 1")
    pick(["budget.id"], f"SELECT id FROM budget_lines WHERE project_id = {prid} ORDER BY id LIMIT 1")
    count_versions = "(SELECT COUNT(*) FROM document_versions v WHERE v.document_id = d.id)"
    pick(
        ["document.id"],
        f"SELECT d.id FROM documents d WHERE d.place_id = {pid} ORDER BY {count_versions} DESC, d.id LIMIT 1",
        f"SELECT d.id FROM documents d ORDER BY {count_versions} DESC, d.id LIMIT 1",
    )
    pick(
        ["file.id", "file.version"],
        "SELECT d.id, MAX(v.version) FROM documents d JOIN document_versions v ON v.document_id = d.id "
        "WHERE d.kind = 'file' AND d.visibility = 'public' GROUP BY d.id ORDER BY d.id LIMIT 1",
        "SELECT d.id, MAX(v.version) FROM documents d JOIN document_versions v ON v.document_id = d.id "
        "WHERE d.kind = 'file' GROUP BY d.id ORDER BY d.id LIMIT 1",
    )
    pick(
        ["photo.id", "photo.file"],
        f"SELECT id, SUBSTR(sha256, 1, 16) || '.jpg' FROM photos WHERE owner_kind = 'place' AND owner_id = {pid} ORDER BY id LIMIT 1",
        "SELECT id, SUBSTR(sha256, 1, 16) || '.jpg' FROM photos ORDER BY id LIMIT 1",
    )
    pick(["import.id"], "SELECT id FROM place_imports ORDER BY id DESC LIMIT 1")
    pick(
        ["actor.id", "actor.slug"],
        f"SELECT a.id, a.slug FROM actors a WHERE a.id IN (SELECT actor_id FROM actor_places WHERE place_id = {pid}) ORDER BY a.id LIMIT 1",
        "SELECT id, slug FROM actors ORDER BY id LIMIT 1",
    )
    pick(
        ["news.id", "news.slug"],
        f"SELECT id, slug FROM news_posts WHERE status = 'published' AND place_id = {pid} ORDER BY id LIMIT 1",
        f"SELECT id, slug FROM news_posts WHERE status = 'published' AND network_id = {nid} ORDER BY id LIMIT 1",
        "SELECT id, slug FROM news_posts WHERE status = 'published' ORDER BY id LIMIT 1",
    )
    pick(["list.id"], "SELECT id FROM news_lists ORDER BY id LIMIT 1")
    pick(["issue.id"], "SELECT id FROM letter_issues WHERE content IS NOT NULL ORDER BY id LIMIT 1")
    pick(
        ["campaign.id"],
        f"SELECT id FROM census_campaigns WHERE network_id = {nid} ORDER BY id DESC LIMIT 1",
        "SELECT id FROM census_campaigns ORDER BY id DESC LIMIT 1",
    )
    pick(
        ["questionnaire.id"],
        f"SELECT id FROM census_questionnaires WHERE network_id = {nid} ORDER BY id DESC LIMIT 1",
        "SELECT id FROM census_questionnaires ORDER BY id DESC LIMIT 1",
    )
    pick(
        ["training.id", "training.slug"],
        f"SELECT id, slug FROM trainings WHERE place_id = {pid} ORDER BY id LIMIT 1",
        f"SELECT id, slug FROM trainings WHERE network_id = {nid} ORDER BY id LIMIT 1",
        "SELECT id, slug FROM trainings ORDER BY id LIMIT 1",
    )
    pick(
        ["path.id", "path.slug"],
        f"SELECT id, slug FROM training_paths WHERE network_id = {nid} ORDER BY id LIMIT 1",
        "SELECT id, slug FROM training_paths ORDER BY id LIMIT 1",
    )
    tid = s["training.id"] or "0"
    pick(
        ["session.id"],
        f"SELECT event_id FROM training_sessions WHERE training_id = {tid} ORDER BY event_id LIMIT 1",
        "SELECT event_id FROM training_sessions ORDER BY event_id LIMIT 1",
    )
    pick(
        ["job.id", "job.slug"],
        f"SELECT id, slug FROM job_offers WHERE status = 'published' AND place_id = {pid} ORDER BY id LIMIT 1",
        "SELECT id, slug FROM job_offers WHERE status = 'published' ORDER BY id LIMIT 1",
    )
    pick(
        ["post.id"],
        f"SELECT id FROM posts WHERE status = 'published' AND place_id = {pid} ORDER BY id LIMIT 1",
        "SELECT id FROM posts WHERE status = 'published' ORDER BY id LIMIT 1",
    )
    pick(["application.id"], "SELECT id FROM job_applications ORDER BY id LIMIT 1")
    pick(["thread.id"], "SELECT id FROM contact_threads ORDER BY id LIMIT 1")
    pick(["skill.id"], "SELECT id FROM skills ORDER BY id LIMIT 1")
    pick(["claim.id"], "SELECT id FROM actor_claims WHERE status = 'pending' ORDER BY id LIMIT 1")
    pick(["search.id"], "SELECT id FROM job_searches ORDER BY id LIMIT 1")
    pick(["achievement.id"], "SELECT id FROM badge_achievements ORDER BY id LIMIT 1")
    pick(["credential.id", "credential.uid"], "SELECT id, uid FROM badge_credentials ORDER BY id LIMIT 1")
    pick(["status_list.id"], "SELECT id FROM badge_status_lists ORDER BY id LIMIT 1")
    pick(
        ["issuer.key"],
        "SELECT 'reseau-' || network_id FROM badge_issuer_keys WHERE network_id IS NOT NULL ORDER BY id LIMIT 1",
        "SELECT 'lieu-' || place_id FROM badge_issuer_keys WHERE place_id IS NOT NULL ORDER BY id LIMIT 1",
    )
    return s


# (previous static segment, parameter name) -> sample key. Anything else is reported as
# "not measured" with the reason, so a new route with a new kind of parameter shows up.
PARAM_RULES = {
    ("lieux", "slug"): "place.slug",
    ("reseaux", "slug"): "network.slug",
    ("groupes", "slug"): "group.slug",
    ("projets", "slug"): "project.slug",
    ("lieux", "id"): "place.id",
    ("places", "id"): "place.id",
    ("reseaux", "id"): "network.id",
    ("networks", "id"): "network.id",
    ("espaces", "id"): "space.id",
    ("spaces", "id"): "space.id",
    ("evenements", "id"): "event.id",
    ("events", "id"): "event.id",
    ("registrations", "id"): "registration.id",
    ("services", "id"): "service.id",
    ("groups", "id"): "group.id",
    ("reunions", "id"): "meeting.id",
    ("meetings", "id"): "meeting.id",
    ("projects", "id"): "project.id",
    ("documents", "id"): "document.id",
    ("parties-prenantes", "id"): "stakeholder.id",
    ("stakeholders", "id"): "stakeholder.id",
    ("dossiers", "id"): "funding.id",
    ("funding-applications", "id"): "funding.id",
    ("budget", "id"): "budget.id",
    ("budget-lines", "id"): "budget.id",
    ("import", "id"): "import.id",
    ("place-imports", "id"): "import.id",
    ("fichiers", "id"): "file.id",
    ("fichiers", "version"): "file.version",
    ("photos", "id"): "photo.id",
    ("photos", "file"): "photo.file",
    ("static", "path"): "static.path",
    ("acteurs", "slug"): "actor.slug",
    ("actors", "id"): "actor.id",
    ("actualites", "slug"): "news.slug",
    ("news", "id"): "news.id",
    ("listes", "id"): "list.id",
    ("lettres", "id"): "issue.id",
    ("issues", "id"): "issue.id",
    ("recensement", "id"): "campaign.id",
    ("campagnes", "id"): "campaign.id",
    ("campaigns", "id"): "campaign.id",
    ("lieux", "place"): "place.id",
    ("places", "place_id"): "place.id",
    ("questionnaires", "id"): "questionnaire.id",
    ("formations", "slug"): "training.slug",
    ("trainings", "id"): "training.id",
    ("sessions", "event_id"): "session.id",
    ("badges", "credential"): "credential.uid",
    ("credentials", "id"): "credential.id",
    ("realisations", "id"): "achievement.id",
    ("parcours", "slug"): "path.slug",
    ("training-paths", "id"): "path.id",
    ("achievements", "id"): "achievement.id",
    ("statuts", "list"): "status_list.id",
    ("emetteurs", "issuer"): "issuer.key",
    ("emplois", "slug"): "job.slug",
    ("jobs", "id"): "job.id",
    ("candidatures", "id"): "application.id",
    ("alertes", "id"): "search.id",
    ("issuers", "issuer"): "issuer.key",
    ("annonces", "id"): "post.id",
    ("posts", "id"): "post.id",
    ("messages", "id"): "thread.id",
    ("threads", "id"): "thread.id",
    ("skills", "id"): "skill.id",
    ("actor-claims", "id"): "claim.id",
    ("revendications", "id"): "claim.id",
}
# Where each sample comes from, for the "not measured" reasons.
SAMPLE_SOURCES = {
    "place": "table `places`",
    "network": "table `networks`",
    "space": "table `spaces`",
    "event": "published rows of `events`",
    "registration": "table `event_registrations`",
    "service": "table `services`",
    "group": "table `groups`",
    "meeting": "table `meetings`",
    "project": "table `projects`",
    "stakeholder": "`project_stakeholders` of the sample project",
    "funding": "`funding_applications` of the sample project",
    "budget": "`budget_lines` of the sample project",
    "document": "table `documents`",
    "file": "public files in `documents` with a version",
    "photo": "table `photos`",
    "import": "table `place_imports`",
    "static": "a `/static/…` link in the home page",
    "actor": "table `actors`",
    "news": "published rows of `news_posts`",
    "list": "table `news_lists`",
    "issue": "table `letter_issues` (one whose sending started)",
    "campaign": "table `census_campaigns` (the sample network's newest)",
    "questionnaire": "table `census_questionnaires` (the sample network's newest)",
    "training": "table `trainings`",
    "session": "table `training_sessions` (of the sample training)",
    "achievement": "table `badge_achievements`",
    "path": "table `training_paths`",
    "credential": "table `badge_credentials`",
    "status_list": "table `badge_status_lists`",
    "issuer": "table `badge_issuer_keys` (an issuer with a key)",
    "job": "listed rows of `job_offers` (published)",
    "application": "table `job_applications`",
    "search": "table `job_searches`",
    "post": "published rows of `posts`",
    "thread": "table `contact_threads`",
    "skill": "table `skills`",
    "claim": "pending rows of `actor_claims`",
}
TOKEN_REASON = (
    "its {token} is a one-time or personal secret stored hashed (only its holder's email or "
    "a write would reveal one)"
)

# Query strings some routes need to answer anything useful, and extra variants measured as
# their own rows (search, viewports, filters).
DEFAULT_QUERY = {}
FRANCE_BBOX = "-5.5,41.2,9.8,51.2"
CITY_BBOX = "-1.75,47.1,-1.35,47.35"  # Nantes


def variants(route_path):
    """Extra measured addresses of a route (the route itself is always measured)."""
    return {
        "/lieux": ["/lieux?q=coworking", "/lieux?network={network.slug}"],
        "/api/v1/places": ["/api/v1/places?q=coworking", "/api/v1/places?network={network.slug}"],
        "/api/v1/map": [f"/api/v1/map?bbox={FRANCE_BBOX}", f"/api/v1/map?bbox={CITY_BBOX}"],
        "/api/v1/events": ["/api/v1/events?place_id={place.id}", "/api/v1/events?network_id={network.id}"],
        "/documents": ["/documents?q=projet"],
        "/api/v1/documents": ["/api/v1/documents?q=projet"],
    }.get(route_path, [])


def fill(route_path, samples):
    """(address, None) or (None, reason)."""
    segs = route_path.strip("/").split("/") if route_path != "/" else []
    out, prev = [], None
    for seg in segs:
        m = re.fullmatch(r"\{\*?(\w+)\}", seg)
        if not m:
            # `{id}.csv`-like segments do not occur; a literal segment.
            if "{" in seg:
                return None, f"segment {seg!r} mixes text and a parameter (no rule)"
            out.append(seg)
            prev = seg
            continue
        name = m.group(1)
        if name == "token":
            return None, TOKEN_REASON
        key = PARAM_RULES.get((prev, name))
        if key is None:
            return None, f"no rule for parameter {{{name}}} after /{prev}/ (add one to PARAM_RULES in bench/pages.py)"
        value = samples.get(key)
        if value in (None, ""):
            return None, f"no {key.split('.')[0]} in the data set ({SAMPLE_SOURCES.get(key.split('.')[0], 'see find_samples')})"
        out.append(urllib.parse.quote(str(value), safe="/"))
    return "/" + "/".join(out), None


def fill_template(addr, samples):
    """`/lieux?network={network.slug}` -> filled, or None when a sample is missing."""
    missing = []

    def sub(m):
        v = samples.get(m.group(1))
        if v in (None, ""):
            missing.append(m.group(1))
            return ""
        return urllib.parse.quote(str(v))

    out = re.sub(r"\{([a-z]+\.[a-z]+)\}", sub, addr)
    return None if missing else out


# ---------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------


class Client:
    """One keep-alive connection and one cookie jar (a signed-in browser, without redirects)."""

    def __init__(self, base):
        u = urllib.parse.urlsplit(base)
        self.base, self.host, self.port = base, u.hostname, u.port
        self.cookies = {}
        self.conn = None

    def _conn(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
        return self.conn

    def request(self, method, path, body=None, headers=None):
        h = {"User-Agent": "maillage-bench-pages"}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        h.update(headers or {})
        for attempt in range(2):
            try:
                c = self._conn()
                t = time.perf_counter()
                c.request(method, path, body=body, headers=h)
                r = c.getresponse()
                data = r.read()
                client_ms = (time.perf_counter() - t) * 1000
                break
            except (http.client.HTTPException, ConnectionError, OSError):
                self.conn = None
                if attempt:
                    raise
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                value = rest.split(";", 1)[0]
                if "Max-Age=0" in v or value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
        if r.getheader("connection", "").lower() == "close":
            self.conn = None
        return r, data, client_ms

    def login(self, email, password):
        body = urllib.parse.urlencode({"email": email, "password": password, "next": "/"})
        r, data, _ = self.request(
            "POST",
            "/connexion",
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": self.base.rstrip("/")},
        )
        return r.status in (302, 303) and bool(self.cookies), r.status

    def cookie_header(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


def server_ms(r):
    t = r.getheader("server-timing") or ""
    m = re.search(r"dur=([0-9.]+)", t)
    return float(m.group(1)) if m else None


def pct(values, p):
    """Nearest-rank percentile (p99 of 20 samples is their maximum)."""
    if not values:
        return None
    v = sorted(values)
    k = max(0, min(len(v) - 1, int(-(-p * len(v) // 100)) - 1))
    return v[k]


def measure(client, addr, n, budget_s):
    """`n` sequential GETs (fewer once `budget_s` is spent: at least 3, or only the first one
    when it took the whole budget): the figures."""
    times, clients, statements, statuses, sizes = [], [], [], [], []
    location = ctype = None
    start = time.perf_counter()
    for i in range(n):
        r, data, cms = client.request("GET", addr)
        st = server_ms(r)
        if st is not None:
            times.append(st)
        clients.append(cms)
        statuses.append(r.status)
        sizes.append(len(data))
        sql = r.getheader("x-sql-statements")
        if sql is not None:
            statements.append(int(sql))
        location = r.getheader("location") or location
        ctype = r.getheader("content-type") or ctype
        spent = time.perf_counter() - start
        # Past the budget: stop after 3 requests, or after the first one when it alone took
        # the whole budget (a route that slow is over target whatever its p99).
        if spent > budget_s and (i >= 2 or i == 0):
            break
    # No `Server-Timing` (e.g. the 30 s timeout's 503, answered outside the metrics layer):
    # the client's times stand in, flagged.
    source = "server"
    if not times:
        times, source = clients, "client"
    return {
        "timing": source,
        "n": len(statuses),
        "status": max(set(statuses), key=statuses.count),
        "statuses": sorted(set(statuses)),
        "server_ms": [round(x, 2) for x in times],
        "p50_ms": pct(times, 50),
        "p99_ms": pct(times, 99),
        "first_ms": times[0] if times else None,
        "client_p50_ms": round(pct(clients, 50), 2),
        "bytes": max(sizes),
        "sql": max(statements) if statements else None,
        "sql_min": min(statements) if statements else None,
        "location": location,
        "content_type": (ctype or "").split(";")[0],
    }


# ---------------------------------------------------------------------------------------------
# Most used pages (wrk) and their API twins
# ---------------------------------------------------------------------------------------------

# (label, page address, role, API twin address or None). Addresses take {sample} fields.
TOP_PAGES = [
    ("home", "/", "anonymous", None),
    ("directory", "/lieux", "anonymous", "/api/v1/places"),
    ("directory search", "/lieux?q=coworking", "anonymous", "/api/v1/places?q=coworking"),
    ("directory of the big network", "/lieux?network={network.slug}", "anonymous", "/api/v1/places?network={network.slug}"),
    ("map page", "/carte", "anonymous", None),
    ("map GeoJSON, France", f"/api/v1/map?bbox={FRANCE_BBOX}", "anonymous", None),
    ("map GeoJSON, a city", f"/api/v1/map?bbox={CITY_BBOX}", "anonymous", None),
    ("agenda", "/agenda", "anonymous", "/api/v1/events"),
    ("place page (big place)", "/lieux/{place.slug}", "anonymous", "/api/v1/places/{place.id}"),
    ("place agenda", "/lieux/{place.slug}/agenda", "anonymous", "/api/v1/events?place_id={place.id}"),
    ("place spaces", "/lieux/{place.slug}/espaces", "anonymous", "/api/v1/places/{place.id}/spaces"),
    ("space page", "/espaces/{space.id}", "member", "/api/v1/spaces/{space.id}"),
    ("network page (big network)", "/reseaux/{network.slug}", "anonymous", "/api/v1/networks/{network.id}"),
    ("network agenda", "/reseaux/{network.slug}/agenda", "anonymous", "/api/v1/events?network_id={network.id}"),
    ("event page", "/evenements/{event.id}", "anonymous", "/api/v1/events/{event.id}"),
    ("project list", "/projets", "animator", "/api/v1/projects"),
    ("groups", "/groupes", "member", "/api/v1/groups"),
    ("group page", "/groupes/{group.slug}", "member", "/api/v1/groups/{group.id}"),
    ("my bookings", "/reservations", "member", "/api/v1/bookings"),
    ("place calendar (manager)", "/admin/lieux/{place.id}/reservations", "manager", None),
]


def rotation_lua(addrs):
    """A wrk script sending the addresses in turn (one Lua state per wrk thread)."""
    quoted = ", ".join('"' + a.replace("\\", "\\\\").replace('"', '\\"') + '"' for a in addrs)
    return (
        f"local paths = {{{quoted}}}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i % #paths + 1\n"
        '  return wrk.format("GET", paths[i])\n'
        "end\n"
    )


def run_wrk(base, addr, cookie, duration, connections, threads):
    """wrk on one address, or on a list of addresses sent in turn (a Lua script)."""
    # A 30 s timeout (wrk's default is 2 s): a slow page is measured, not counted as errors.
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}", "--timeout", "30s"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    script = None
    if isinstance(addr, list):
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
        script.write(rotation_lua(addr))
        script.close()
        cmd += ["-s", script.name]
        addr = addr[0]
    cmd.append(base.rstrip("/") + addr)
    try:
        out = subprocess.run(cmd, capture_output=True, text=True).stdout
    finally:
        if script:
            os.unlink(script.name)
    rps = re.search(r"Requests/sec:\s+([0-9.]+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    lat = re.search(r"Latency\s+(\S+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "rps": float(rps.group(1)) if rps else None,
        "non_2xx_3xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": sum(int(x) for x in errors.groups()) if errors else 0,
        "latency_avg": lat.group(1) if lat else None,
    }


# ---------------------------------------------------------------------------------------------
# Comparisons of issue 16, point 3: nginx serving the same bytes, search pages against their twin
# ---------------------------------------------------------------------------------------------

# Served by nginx from a file holding the very bytes the server answered (anonymous, cached).
NGINX_PAGES = [
    ("map page", "/carte", "carte.html"),
    ("map viewport, a city (cached)", f"/api/v1/map?bbox={CITY_BBOX}", "map-city.json"),
    ("map viewport, France (cached)", f"/api/v1/map?bbox={FRANCE_BBOX}", "map-france.json"),
]
# Viewports the crawl never asks for: the first request of each is computed (the map's cache
# is keyed by the query string), the second one served from the cache.
FRESH_VIEWPORTS = [
    ("Lyon", "4.70,45.68,4.98,45.84"),
    ("Paris", "2.20,48.80,2.48,48.92"),
    ("Marseille", "5.25,43.20,5.52,43.38"),
    ("Bretagne", "-5.2,47.2,-1.0,48.95"),
    ("Auvergne-Rhône-Alpes", "2.0,44.1,7.2,46.8"),
    ("France", "-5.6,41.3,9.7,51.1"),
]
# Searches sent in turn (words of the generator, one matching nothing), pages 1 and 2.
SEARCH_WORDS = ["coworking", "fablab", "ruche", "hangar", "lyon", "marseille", "jardin", "numérique", "ressourcerie", "zzqxw"]
SEARCH_ROLES = ["anonymous", "visitor"]
AGENDA_WORDS = ["atelier", "repair", "formation", "afterwork", "visite", "numérique", "marché", "couture", "laser", "zzqxw"]
SEARCHES = [
    (
        "directory search",
        [f"/lieux?q={urllib.parse.quote(w)}&page={n}" for w in SEARCH_WORDS for n in (1, 2)],
        [f"/api/v1/places?q={urllib.parse.quote(w)}&page={n}" for w in SEARCH_WORDS for n in (1, 2)],
    ),
    (
        "agenda search",
        [f"/agenda?q={urllib.parse.quote(w)}" for w in AGENDA_WORDS],
        [f"/api/v1/events?q={urllib.parse.quote(w)}" for w in AGENDA_WORDS],
    ),
]


def first_times(client, addrs):
    """Each address once, in order: server times (ms) of these first, uncached requests."""
    out = []
    for addr in addrs:
        r, _, cms = client.request("GET", addr)
        out.append(server_ms(r) if server_ms(r) is not None else cms)
    return out


def compare(a, base, clients):
    """nginx against the server on the same bytes, the map's uncached viewports (anonymous), and
    the search pages against their API twin, anonymous (the page cache answers) and signed in
    as the visitor (it does not), in this run."""
    anon = clients["anonymous"]
    wrk = lambda addr, url=base, cookie="": run_wrk(url, addr, cookie, a.wrk_duration, a.connections, a.threads)  # noqa: E731
    out = {"nginx": [], "viewports": [], "searches": []}
    for name, bbox in FRESH_VIEWPORTS:
        addr = f"/api/v1/map?bbox={bbox}"
        r1, body, _ = anon.request("GET", addr)
        r2, _, _ = anon.request("GET", addr)
        out["viewports"].append({"label": name, "address": addr, "status": r1.status, "bytes": len(body),
                                 "uncached_ms": server_ms(r1), "cached_ms": server_ms(r2), "sql": r1.getheader("x-sql-statements")})
        log(f"  viewport {name}: uncached {server_ms(r1)} ms, cached {server_ms(r2)} ms, {len(body)} B")
    if a.nginx and a.www:
        for label, addr, fname in NGINX_PAGES:
            r, body, _ = anon.request("GET", addr)
            with open(os.path.join(a.www, fname), "wb") as f:
                f.write(body)
            os.chmod(os.path.join(a.www, fname), 0o644)
            row = {"label": label, "address": addr, "status": r.status, "bytes": len(body), "app_wrk": wrk(addr), "nginx_wrk": wrk("/" + fname, a.nginx)}
            if row["app_wrk"]["rps"] and row["nginx_wrk"]["rps"]:
                row["ratio"] = row["app_wrk"]["rps"] / row["nginx_wrk"]["rps"]
            log(f"  nginx {label}: {row['app_wrk']['rps']} req/s, nginx {row['nginx_wrk']['rps']} req/s")
            out["nginx"].append(row)
    for label, pages_, twins in SEARCHES:
        for role in [r for r in SEARCH_ROLES if r in clients]:
            c = clients[role]
            cookie = c.cookie_header() if role != "anonymous" else ""
            row = {"label": label, "role": role, "pages": pages_, "twins": twins,
                   "page_first_ms": first_times(c, pages_), "twin_first_ms": first_times(c, twins),
                   "page_wrk": wrk(pages_, cookie=cookie), "twin_wrk": wrk(twins, cookie=cookie)}
            if row["page_wrk"]["rps"] and row["twin_wrk"]["rps"]:
                row["ratio"] = row["page_wrk"]["rps"] / row["twin_wrk"]["rps"]
            log(f"  {label} ({role}): {row['page_wrk']['rps']} req/s, twin {row['twin_wrk']['rps']} req/s")
            out["searches"].append(row)
    return out


# ---------------------------------------------------------------------------------------------
# crawl
# ---------------------------------------------------------------------------------------------


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def cmd_crawl(a):
    base = a.base.rstrip("/")
    db = Db(sqlite=a.sqlite, pg=a.pg)
    emails = account_emails(db)
    password = os.environ.get("PASSWORD", "demo-maillage-2026")
    samples = find_samples(db, emails)

    anon = Client(base)
    # A stylesheet or script the pages link to, for `/static/{*path}`.
    _, home, _ = anon.request("GET", "/")
    m = re.search(rb'/static/([^"\'?#\s]+\.(?:css|js))', home)
    samples["static.path"] = m.group(1).decode() if m else None

    clients, not_signed_in = {"anonymous": anon}, {}
    for role in ROLES[1:]:
        c = Client(base)
        ok, status = c.login(emails[role], password)
        if ok:
            clients[role] = c
        else:
            not_signed_in[role] = f"sign-in as {emails[role]} failed (HTTP {status})"
        log(f"  sign-in {role:9} {emails[role]}: {'ok' if ok else 'FAILED ' + str(status)}")

    routes = get_routes(a.src)
    results, not_measured = [], []
    targets = []
    for r in routes:
        addr, reason = fill(r["path"], samples)
        if addr is None:
            not_measured.append({"route": r["path"], "source": f"{r['file']}:{r['line']}", "why": reason})
            continue
        if r["path"] in DEFAULT_QUERY:
            addr += "?" + DEFAULT_QUERY[r["path"]]
        targets.append((r["path"], r["path"], addr))
        for v in variants(r["path"]):
            filled = fill_template(v, samples)
            if filled:
                targets.append((r["path"], v, filled))
            else:
                not_measured.append({"route": v, "source": f"{r['file']}:{r['line']}", "why": "a sample is missing"})
    total = len(targets) * len(clients)
    done = 0
    t0 = time.time()
    for route, template, addr in targets:
        for role in ROLES:
            if role not in clients:
                continue
            res = measure(clients[role], addr, a.requests, a.budget)
            res.update({"route": route, "template": template, "address": addr, "role": role})
            results.append(res)
            done += 1
            if res["status"] >= 500 or (res["p99_ms"] or 0) >= 50:
                log(f"  [{done}/{total}] {role:9} {addr} -> {res['status']} p99 {res['p99_ms']} ms, {res['bytes']} B, sql {res['sql']}")
    log(f"  crawled {len(targets)} addresses x {len(clients)} roles in {time.time() - t0:.0f}s")

    wrk = []
    if a.wrk_duration and a.wrk_duration != "0" and shutil.which("wrk"):
        for label, page, role, twin in TOP_PAGES:
            pa = fill_template(page, samples)
            if pa is None or role not in clients:
                wrk.append({"label": label, "page": page, "role": role, "not_measured": "sample or sign-in missing"})
                continue
            cookie = clients[role].cookie_header() if role != "anonymous" else ""
            row = {"label": label, "page": pa, "role": role}
            # A warm-up request each, then wrk on the page and on its twin one after the other.
            row["page_wrk"] = run_wrk(base, pa, cookie, a.wrk_duration, a.connections, a.threads)
            ta = fill_template(twin, samples) if twin else None
            if ta:
                row["twin"] = ta
                row["twin_wrk"] = run_wrk(base, ta, cookie, a.wrk_duration, a.connections, a.threads)
                if row["page_wrk"]["rps"] and row["twin_wrk"]["rps"]:
                    row["ratio"] = row["page_wrk"]["rps"] / row["twin_wrk"]["rps"]
            log(f"  wrk {label}: {row['page_wrk']['rps']} req/s" + (f", twin {row['twin_wrk']['rps']} req/s" if ta else ""))
            wrk.append(row)
    comparisons = compare(a, base, clients) if a.wrk_duration and a.wrk_duration != "0" and shutil.which("wrk") else None

    info = {
        "rss_mb": rss_mb(a.pid),
        "engine": a.engine,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"),
        "requests": a.requests,
        "budget_s": a.budget,
        "wrk": f"wrk -t{a.threads} -c{a.connections} -d{a.wrk_duration}",
        "emails": emails,
        "signed_in": sorted(clients),
        "not_signed_in": not_signed_in,
        "samples": {k: v for k, v in samples.items() if not k.startswith("_")},
        "data_set": dataset_summary(db),
        "label": a.label,
    }
    out = {"info": info, "results": results, "not_measured": not_measured, "wrk": wrk, "compare": comparisons, "routes": len(routes)}
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
    log(f"  wrote {a.out}")


def rss_mb(pid):
    """The server's resident memory (MB), read from /proc, or None."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            kb = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
        return round(kb / 1024)
    except (OSError, StopIteration, TypeError, ValueError):
        return None


def dataset_summary(db):
    out = {}
    for t in ["places", "networks", "users", "events", "event_registrations", "bookings", "groups", "projects", "documents"]:
        try:
            out[t] = int(db.one(f"SELECT COUNT(*) FROM {t}")[0])
        except (subprocess.CalledProcessError, TypeError):
            out[t] = None
    return out


# ---------------------------------------------------------------------------------------------
# report
# ---------------------------------------------------------------------------------------------

P99_TARGET_MS = 50.0
BYTES_TARGET = 300 * 1024
# "Statements bounded": a page whose statement count is above this is flagged for a look (a
# count that grows with the data is the N+1 the target is about; compare runs on two scales).
SQL_TARGET = 20


def over(res):
    """The targets a result misses: a list of short words."""
    flags = []
    if res.get("p99_ms") is not None and res["p99_ms"] >= P99_TARGET_MS:
        flags.append("p99")
    if res.get("bytes", 0) > BYTES_TARGET:
        flags.append("size")
    if res.get("sql") is not None and res["sql"] > SQL_TARGET:
        flags.append("sql")
    if res.get("status", 200) >= 500:
        flags.append("5xx")
    return flags


def fmt_ms(v):
    return "–" if v is None else (f"{v:.1f}" if v < 100 else f"{v:.0f}")


def fmt_bytes(n):
    if n is None:
        return "–"
    if n >= 1024 * 1024:
        return f"{n / 1048576:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB" if n >= 10240 else f"{n / 1024:.1f} KB"
    return f"{n} B"


def fmt_rps(v):
    if v is None:
        return "–"
    if v == 0:
        return "**0** ⚠ (no answer within the run)"
    return f"{v:.1f}" if v < 10 else f"{v:.0f}"


def mark(text, bad):
    return f"**{text}** ⚠" if bad else text


def cmd_report(a):
    runs = []
    for path in a.inputs:  # crawl files, or a raw results file of an earlier report
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        runs += data["runs"] if "runs" in data else [data]
    engines = [r["info"]["engine"] for r in runs]
    date = runs[0]["info"]["date"]
    raw = {"date": date, "label": a.label, "command": a.command, "runs": runs}
    if a.json:
        os.makedirs(os.path.dirname(a.json) or ".", exist_ok=True)
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(raw, f, ensure_ascii=False, separators=(",", ":"))

    # (address template, role) -> engine -> result
    table = {}
    for run in runs:
        for res in run["results"]:
            key = (res.get("template", res["address"]), res["role"])
            table.setdefault(key, {})[run["info"]["engine"]] = res

    def worst(k):
        return max((r.get("p99_ms") or 0) for r in table[k].values())

    keys = sorted(table, key=lambda k: (-worst(k), k))
    pg = next((e for e in engines if e == "postgres"), None)

    def row(k):
        template, role = k
        cells = [f"`{template}`", role]
        flags_all = set()
        statuses = []
        for e in engines:
            res = table[k].get(e)
            if not res:
                cells.append("–")
                statuses.append("–")
                continue
            fl = over(res)
            flags_all |= set(fl)
            client = " (client)" if res.get("timing") == "client" else ""
            cells.append(mark(f"{fmt_ms(res['p50_ms'])} / {fmt_ms(res['p99_ms'])}{client}", "p99" in fl))
            statuses.append(mark(str(res["status"]), "5xx" in fl))
        cells.append(statuses[0] if len(set(statuses)) == 1 else " / ".join(statuses))
        big = max(r["bytes"] for r in table[k].values())
        cells.append(mark(fmt_bytes(big), big > BYTES_TARGET))
        sql = table[k].get(pg, {}).get("sql") if pg else None
        cells.append(mark("–" if sql is None else str(sql), sql is not None and sql > SQL_TARGET))
        return cells, flags_all

    head = ["route (address)", "role"]
    head += [f"{e} p50 / p99 ms" for e in engines]
    head += ["status" + (" (" + " / ".join(engines) + ")" if len(engines) > 1 else ""), "bytes", "SQL"]

    def md_table(rows):
        out = ["| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |"]
        out += ["| " + " | ".join(c) + " |" for c in rows]
        return out

    all_rows, over_rows, over_keys = [], [], []
    for k in keys:
        cells, flags = row(k)
        all_rows.append(cells)
        if flags:
            over_rows.append(cells)
            over_keys.append(k)

    n_routes = runs[0]["routes"]
    n_addr = len({k[0] for k in keys})
    info0 = runs[0]["info"]
    ds = " · ".join(
        f"{r['info']['engine']}: " + ", ".join(f"{v} {t}" for t, v in r["info"]["data_set"].items() if v is not None)
        for r in runs
    )
    lines = [
        "",
        f"### {date} UTC — {a.label}",
        "",
        f"Command: `{a.command}`. Machine: {os.cpu_count()} cores, {os.uname().machine}. "
        f"{n_routes} GET routes in the source, {n_addr} addresses measured (with the search, "
        f"viewport and filter variants) × {len(info0['signed_in'])} roles ({', '.join(r for r in ROLES if r in info0['signed_in'])}), "
        f"up to {info0['requests']} sequential requests each (fewer once {info0['budget_s']:.0f} s are spent on an address and role: at least 3, or 1 when it took that long).",
        "",
        f"Data set — {ds}.",
        "",
        "Parameters filled with: " + ", ".join(f"{k} `{v}`" for k, v in info0["samples"].items() if k != "users" and v is not None) + ".",
        "",
        "Server memory (RSS) after the crawl and wrk: " + ", ".join(f"{r['info']['engine']} {r['info'].get('rss_mb')} MB" for r in runs) + ".",
        "",
    ]
    for run in runs:
        if run["info"]["not_signed_in"]:
            lines.append(f"Not signed in on {run['info']['engine']}: " + "; ".join(f"{k}: {v}" for k, v in run["info"]["not_signed_in"].items()) + ".")
            lines.append("")
    lines += [
        f"#### Routes over target ({len({k[0] for k in over_keys})} routes; {len(over_rows)} of {len(all_rows)} route × role rows)",
        "",
        "One row per route (with its measured variants), worst figures over the roles; *roles over target* "
        "lists the roles whose row misses a target, with the target missed. The route × role rows are in the "
        "full table below.",
        "",
        f"Targets: server time p99 < {P99_TARGET_MS:.0f} ms, page ≤ 300 KB, at most {SQL_TARGET} SQL statements "
        "per request (*SQL*: PostgreSQL's count; SQLite's statements are not counted), no 5xx. Marked **⚠**. "
        "Times are the server's (`Server-Timing`), bytes the largest uncompressed body seen.",
        "",
    ]
    lines += route_summary(table, engines, pg) or ["None."]
    if a.baseline:
        lines += ["", "#### SQL statements that grow with the data set", ""] + sql_growth(a.baseline, runs)
    lines += ["", "#### Not measured", ""]
    nm = {}
    for run in runs:
        for x in run["not_measured"]:
            nm.setdefault((x["route"], x["why"]), []).append(run["info"]["engine"])
    if nm:
        lines += ["| route | why | engines |", "| --- | --- | --- |"]
        for (route, why), en in sorted(nm.items()):
            lines.append(f"| `{route}` | {why.replace('|', '¦')} | {', '.join(en)} |")
    else:
        lines.append("None.")
    # Throughput.
    lines += [
        "",
        f"#### Throughput of the most used pages (`{info0['wrk']}`, each page then its API twin)",
        "",
        "Requests per second over loopback, the page and then its API twin (the same data as JSON) "
        "as the same role; *page/twin* is their ratio. Parameters as above.",
        "",
    ]
    wh = ["page", "address", "role"]
    for e in engines:
        wh += [f"{e} page req/s", f"{e} twin req/s", f"{e} page/twin"]
    lines += ["| " + " | ".join(wh) + " |", "| " + " | ".join("---" for _ in wh) + " |"]
    wruns = {r["info"]["engine"]: {w["label"]: w for w in r["wrk"]} for r in runs}
    for label, page, role, twin in TOP_PAGES:
        cells = [label, f"`{page}`" + (f" ↔ `{twin}`" if twin else ""), role]
        for e in engines:
            w = wruns[e].get(label)
            if not w or "page_wrk" not in w:
                cells += ["not measured", "", ""]
                continue
            pr = w["page_wrk"]
            pt = fmt_rps(pr["rps"])
            if pr.get("non_2xx_3xx") or pr.get("socket_errors"):
                pt += f" ({pr.get('non_2xx_3xx', 0) + pr.get('socket_errors', 0)} errors)"
            tw = w.get("twin_wrk")
            tt = fmt_rps(tw["rps"]) if tw else "no twin"
            if tw and (tw.get("non_2xx_3xx") or tw.get("socket_errors")):
                tt += f" ({tw.get('non_2xx_3xx', 0) + tw.get('socket_errors', 0)} errors)"
            ratio = f"{100 * w['ratio']:.0f} %" if w.get("ratio") else "–"
            cells += [pt, tt, ratio]
        lines.append("| " + " | ".join(cells) + " |")
    lines += compare_lines(runs, engines)
    lines += [
        "",
        f"<details><summary>All {len(all_rows)} route × role rows, worst p99 first</summary>",
        "",
    ]
    lines += md_table(all_rows)
    lines += ["", "</details>", ""]
    section = "\n".join(lines)

    if a.markdown:
        path = a.markdown
        text = open(path, encoding="utf-8").read() if os.path.exists(path) else "# Benchmarks\n"
        if "<!-- pages:end -->" not in text:
            text = text.rstrip("\n") + "\n\n" + PAGES_INTRO + "<!-- pages:end -->\n"
        text = text.replace("<!-- pages:end -->", section + "\n<!-- pages:end -->", 1)
        open(path, "w", encoding="utf-8").write(text)
    if a.summary:
        summary = [f"over target: {len(over_rows)} of {len(all_rows)} rows; not measured: {len(nm)} routes"]
        for cells in over_rows:
            summary.append("  " + " | ".join(c.replace("**", "").replace(" ⚠", "!") for c in cells))
        for (route, why), en in sorted(nm.items()):
            summary.append(f"  not measured {route}: {why}")
        summary += compare_lines(runs, engines)
        print("\n".join(summary))


def compare_lines(runs, engines):
    """Markdown: nginx against the server on the same bytes, the map's uncached viewports, the
    search pages against their API twin (the `compare` part of a crawl), or nothing."""
    cmp = {r["info"]["engine"]: r.get("compare") for r in runs if r.get("compare")}
    if not cmp:
        return []
    es = [e for e in engines if e in cmp]
    wrk = runs[0]["info"]["wrk"]

    def rps(w):
        t = fmt_rps(w.get("rps")) if w else "–"
        if w and (w.get("non_2xx_3xx") or w.get("socket_errors")):
            t += f" ({w.get('non_2xx_3xx', 0) + w.get('socket_errors', 0)} errors)"
        return t

    def ratio(row, target):
        r = row.get("ratio")
        return "–" if r is None else mark(f"{100 * r:.0f} %", r < target)

    lines = ["", f"#### Against nginx serving the same bytes (`{wrk}`, anonymous)", "",
             "The server's cached answer, then nginx (1 worker, access log off) serving the bytes of "
             "that answer from a file, one after the other. Target: ≥ 50 %.", ""]
    head = ["page", "address"] + [x for e in es for x in (f"{e} bytes", f"{e} req/s", f"{e} nginx req/s", f"{e} ratio")]
    lines += ["| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |"]
    for label, addr, _ in NGINX_PAGES:
        cells = [label, f"`{addr}`"]
        for e in es:
            row = next((x for x in cmp[e]["nginx"] if x["address"] == addr), None)
            cells += [fmt_bytes(row["bytes"]), rps(row["app_wrk"]), rps(row["nginx_wrk"]), ratio(row, 0.5)] if row else ["not measured", "", "", ""]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "#### Map viewports not asked before (uncached, then cached)", "",
              "One request for each viewport the crawl never asked for (the map's cache is keyed by the "
              "query string), then the same again: server time (`Server-Timing`). Target: uncached < 20 ms.", ""]
    head = ["viewport", "bbox"] + [x for e in es for x in (f"{e} bytes", f"{e} uncached ms", f"{e} cached ms")]
    lines += ["| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |"]
    for name, bbox in FRESH_VIEWPORTS:
        cells = [name, f"`{bbox}`"]
        for e in es:
            v = next((x for x in cmp[e]["viewports"] if x["label"] == name), None)
            if not v:
                cells += ["–", "–", "–"]
                continue
            u = v["uncached_ms"]
            cells += [fmt_bytes(v["bytes"]) + ("" if v["status"] == 200 else f" ({v['status']})"),
                      mark(fmt_ms(u), u is None or u >= 20), fmt_ms(v["cached_ms"])]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", f"#### Search pages against their API twin (`{wrk}`, addresses in turn)", "",
              "wrk sends the addresses one after the other (a Lua script); before it, each address once "
              "(its first, uncached request): median / max of those server times. Anonymous pages come "
              "from the page cache once rendered; the visitor's (signed in) are rendered every time. "
              "Target: page ≥ 50 % of the twin.", ""]
    head = ["search", "role", "addresses"] + [x for e in es for x in (f"{e} page req/s", f"{e} twin req/s", f"{e} page/twin", f"{e} first page ms (median / max)", f"{e} first twin ms")]
    lines += ["| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |"]

    def firsts(v):
        v = [x for x in v if x is not None]
        return f"{fmt_ms(statistics.median(v))} / {fmt_ms(max(v))}" if v else "–"

    for label, pages_, twins in SEARCHES:
        for role in SEARCH_ROLES:
            cells = [label, role, f"{len(pages_)}: `{pages_[0]}`… ↔ `{twins[0]}`…"]
            for e in es:
                row = next((x for x in cmp[e]["searches"] if x["label"] == label and x.get("role", "anonymous") == role), None)
                cells += [rps(row["page_wrk"]), rps(row["twin_wrk"]), ratio(row, 0.5), firsts(row["page_first_ms"]), firsts(row["twin_first_ms"])] if row else ["not measured", "", "", "", ""]
            lines.append("| " + " | ".join(cells) + " |")
    return lines


def sql_growth(baseline_path, runs):
    """Rows comparing PostgreSQL's statement counts with a run on a smaller data set (the raw
    JSON of `report --json`): a count that grows with the data is the N+1 the target is about."""
    with open(baseline_path, encoding="utf-8") as f:
        base = json.load(f)

    def counts(rs):
        out = {}
        for run in rs:
            if run["info"]["engine"] != "postgres":
                continue
            for res in run["results"]:
                if res.get("sql") is not None:
                    out[(res.get("template", res["route"]), res["role"])] = res["sql"]
        return out, next((r["info"]["data_set"] for r in rs if r["info"]["engine"] == "postgres"), {})

    before, ds_before = counts(base["runs"])
    now, ds_now = counts(runs)
    grown = {}
    for k, n in now.items():
        b = before.get(k)
        if b is not None and n > b:
            grown.setdefault(k[0], []).append((k[1], b, n))
    if not grown:
        return [f"None: every count on this data set equals the one of {base.get('label') or baseline_path}."]
    out = [
        f"PostgreSQL's statements per request here ({ds_now.get('places')} places) against "
        f"{base.get('label') or baseline_path} ({ds_before.get('places')} places, {base.get('date')} UTC).",
        "",
        "The sample rows differ between data sets (another document, event, project…): a small "
        "difference may come from the sample; a count multiplied by the growth of the data is an N+1.",
        "",
        "| route | roles: statements before → now |",
        "| --- | --- |",
    ]
    order = {r: i for i, r in enumerate(ROLES)}
    for t, items in sorted(grown.items(), key=lambda x: -max(n / max(b, 1) for _, b, n in x[1])):
        items.sort(key=lambda x: order.get(x[0], 9))
        out.append(f"| `{t}` | " + "; ".join(f"{r} {b} → {n}" for r, b, n in items) + " |")
    return out


def route_summary(table, engines, pg):
    """Markdown rows: one per route template over target, worst first."""
    per = {}
    for (template, role), by_engine in table.items():
        for e, res in by_engine.items():
            fl = over(res)
            d = per.setdefault(template, {"roles": {}, "worst": {}, "bytes": 0, "sql": None, "type": set()})
            if fl:
                d["roles"].setdefault(role, set()).update(fl)
            w = d["worst"].get(e)
            if res.get("p99_ms") is not None and (w is None or res["p99_ms"] > w[0]):
                d["worst"][e] = (res["p99_ms"], role)
            if res["status"] < 300:
                d["bytes"] = max(d["bytes"], res["bytes"])
                d["type"].add((res.get("content_type") or "?").split("/")[-1])
            if e == pg and res.get("sql") is not None:
                d["sql"] = max(d["sql"] or 0, res["sql"])
    rows = [(t, d) for t, d in per.items() if d["roles"]]
    rows.sort(key=lambda x: -max(v[0] for v in x[1]["worst"].values()))
    if not rows:
        return []
    head = ["route (address)"] + [f"worst p99 {e} (ms, role)" for e in engines] + ["bytes (2xx)", "type", "SQL (PG, max)", "roles over target"]
    out = ["| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |"]
    order = {r: i for i, r in enumerate(ROLES)}
    for t, d in rows:
        cells = [f"`{t}`"]
        for e in engines:
            w = d["worst"].get(e)
            cells.append(mark(f"{fmt_ms(w[0])} ({w[1]})", w[0] >= P99_TARGET_MS) if w else "–")
        cells.append(mark(fmt_bytes(d["bytes"]), d["bytes"] > BYTES_TARGET))
        cells.append(", ".join(sorted(d["type"])) or "–")
        cells.append(mark("–" if d["sql"] is None else str(d["sql"]), (d["sql"] or 0) > SQL_TARGET))
        roles = sorted(d["roles"], key=order.get)
        if len(roles) == len(ROLES) and len({frozenset(v) for v in d["roles"].values()}) == 1:
            cells.append("all: " + ", ".join(sorted(d["roles"][roles[0]])))
        else:
            cells.append("; ".join(f"{r}: {', '.join(sorted(d['roles'][r]))}" for r in roles))
        out.append("| " + " | ".join(cells) + " |")
    return out


PAGES_INTRO = """## Pages (issue 16)

`bash bench/pages.sh` (release build; `bench/pages.py`): every GET route of the router, read
from the source (`.route("…", get(…))`, so a new route is measured without editing a list),
with its parameters filled from sample rows of the database (the biggest network, the place
with the most bookings, their events, groups, projects, documents…), requested by each role
(anonymous, then signed in as a visitor with an account, a member, the big place's manager,
the big network's animator, the instance admin) on SQLite and on PostgreSQL. Per address and
role: p50 / p99 of the server's own time (`Server-Timing`, from the request's arrival to the
response; p99 of 20 samples is their maximum), the response bytes (uncompressed), the status,
and the SQL statements per request (`x-sql-statements` with `MAILLAGE_COUNT_SQL=1`, PostgreSQL
only). Then `wrk` on twenty of the most used pages, each followed by its API twin (the same
data as JSON) when there is one, and the ratio. Only GET requests are sent (plus one sign-in
per account). Raw figures: `bench/results/pages-*.json`. Targets: p99 < 50 ms, no page over
300 KB, statements bounded (flagged above 20).

"""


def cmd_routes(a):
    for r in get_routes(a.src):
        print(f"{','.join(m.upper() for m in r['methods']):16} {r['path']:60} {r['file']}:{r['line']}")
    extra = unsupported_router_calls(a.src)
    for e in extra:
        print(f"WARNING: {e} adds routes this script does not read", file=sys.stderr)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("routes")
    r.add_argument("--src", default=None)
    c = sub.add_parser("crawl")
    c.add_argument("--base", required=True)
    c.add_argument("--engine", required=True, choices=["sqlite", "postgres"])
    g = c.add_mutually_exclusive_group(required=True)
    g.add_argument("--sqlite", help="the SQLite file")
    g.add_argument("--pg", help="the PostgreSQL URL")
    c.add_argument("--out", required=True)
    c.add_argument("--src", default=None)
    c.add_argument("--label", default="")
    c.add_argument("--pid", help="the server's process id (its memory is recorded)")
    c.add_argument("--requests", type=int, default=int(os.environ.get("REQUESTS", "20")))
    c.add_argument("--budget", type=float, default=float(os.environ.get("BUDGET", "10")))
    c.add_argument("--wrk-duration", default=os.environ.get("DURATION", "10s"))
    c.add_argument("--connections", type=int, default=int(os.environ.get("CONNECTIONS", "16")))
    c.add_argument("--threads", type=int, default=int(os.environ.get("THREADS", "1")))
    c.add_argument("--nginx", help="base URL of an nginx serving --www (the same bytes as the server)")
    c.add_argument("--www", help="the directory nginx serves")
    rp = sub.add_parser("report")
    rp.add_argument("inputs", nargs="+")
    rp.add_argument("--json")
    rp.add_argument("--markdown")
    rp.add_argument("--label", default="")
    rp.add_argument("--command", default="bash bench/pages.sh")
    rp.add_argument("--summary", action="store_true")
    rp.add_argument("--baseline", help="raw JSON of a run on a smaller data set: SQL counts compared")
    a = p.parse_args()
    {"routes": cmd_routes, "crawl": cmd_crawl, "report": cmd_report}[a.cmd](a)


if __name__ == "__main__":
    main()
