#!/usr/bin/env python3
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Validates iCalendar documents with an independent parser (Python's `icalendar`).

    python scripts/check-ics.py FILE.ics [MIN_EVENTS]

Fails when the document does not parse strictly, lacks VERSION/PRODID, a VTIMEZONE for each
TZID used, or has a VEVENT without UID, DTSTAMP and DTSTART, or fewer than MIN_EVENTS events.
"""
import sys

import icalendar


def main() -> int:
    path = sys.argv[1]
    want = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    raw = open(path, "rb").read()
    if b"\r\n" not in raw:
        print(f"{path}: lines must end with CRLF")
        return 1
    for line in raw.split(b"\r\n"):
        if len(line) > 75:
            print(f"{path}: line longer than 75 octets: {line[:40]!r}…")
            return 1
    cal = icalendar.Calendar.from_ical(raw)
    errors = []
    for key in ("VERSION", "PRODID"):
        if key not in cal:
            errors.append(f"missing {key}")
    zones = {str(tz.get("TZID")) for tz in cal.walk("VTIMEZONE")}
    events = cal.walk("VEVENT")
    for ev in events:
        for key in ("UID", "DTSTAMP", "DTSTART"):
            if key not in ev:
                errors.append(f"VEVENT {ev.get('UID')} without {key}")
        for key in ("DTSTART", "DTEND"):
            prop = ev.get(key)
            tzid = prop.params.get("TZID") if prop is not None else None
            if tzid and tzid not in zones:
                errors.append(f"VEVENT {ev.get('UID')}: TZID {tzid} without VTIMEZONE")
        ev.decoded("DTSTART")
    if len(events) < want:
        errors.append(f"{len(events)} VEVENT(s), expected at least {want}")
    if errors:
        print(f"{path}: " + "; ".join(errors))
        return 1
    print(f"{path}: valid iCalendar, {len(events)} event(s), time zones {sorted(zones)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
