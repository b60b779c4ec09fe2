#!/usr/bin/env python3
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Writes N generated places (deterministic) as a semicolon CSV: bench/places.sh input."""
import csv
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 50000
out = sys.argv[2] if len(sys.argv) > 2 else "/dev/stdout"
rnd = random.Random(42)
kinds = ["Coworking", "Fablab", "Atelier partagé", "Tiers-lieu culturel", "Tiers-lieu nourricier",
         "Café associatif", "Ressourcerie", "Jardin partagé", "Centre de télétravail", "Médiation numérique"]
words = ["des Possibles", "du Port", "de la Gare", "du Moulin", "des Communs", "de l'Écluse", "du Marché",
         "des Tisserands", "du Lavoir", "de la Fabrique", "des Savoirs", "du Verger", "de la Halle"]
towns = [("33340", "Lesparre-Médoc", 45.31, -0.94), ("04500", "Riez", 43.82, 6.09), ("44000", "Nantes", 47.22, -1.55),
         ("69001", "Lyon", 45.76, 4.83), ("13001", "Marseille", 43.30, 5.37), ("59000", "Lille", 50.63, 3.06),
         ("31000", "Toulouse", 43.60, 1.44), ("35000", "Rennes", 48.11, -1.68), ("67000", "Strasbourg", 48.57, 7.75),
         ("21000", "Dijon", 47.32, 5.04), ("63000", "Clermont-Ferrand", 45.78, 3.08), ("87000", "Limoges", 45.83, 1.26),
         ("26170", "Buis-les-Baronnies", 44.27, 5.27), ("75011", "Paris", 48.86, 2.38), ("97400", "Saint-Denis", -20.88, 55.45)]
hours = ["Mo-Fr 09:00-18:00", "Tu-Sa 10:00-12:00,14:00-19:00", "We 14:00-18:00", ""]
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, delimiter=";")
    w.writerow(["id", "nom", "adresse", "code_postal", "commune", "latitude", "longitude", "typologie", "horaires", "telephone", "site_web"])
    for i in range(n):
        cp, town, lat, lon = rnd.choice(towns)
        kind = rnd.choice(kinds)
        w.writerow([f"gen-{i}", f"{kind} {rnd.choice(words)} n°{i}", f"{rnd.randint(1, 200)} rue {rnd.choice(words)}",
                    cp, town, f"{lat + rnd.uniform(-0.6, 0.6):.5f}", f"{lon + rnd.uniform(-0.8, 0.8):.5f}", kind,
                    rnd.choice(hours), f"05 56 {rnd.randint(10, 99)} {rnd.randint(10, 99)} {rnd.randint(10, 99)}",
                    f"https://lieu-{i}.example.org"])
