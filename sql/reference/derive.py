#!/usr/bin/env python3
"""Derives sql/reference/territoires-fr.tsv from the official files of ../shared/data/territoires-fr/.

Source : INSEE, Code officiel géographique 2026 ; DGCL, composition des EPCI 2025 (Licence Ouverte).

One line per territory, tab-separated, in COPY's text format: kind, code, name, parent code, and
for a commune its own département (the others: empty).
- region: code R + the INSEE code (a région's code collides with a département's: 52 is both
  Pays de la Loire and Haute-Marne);
- department: the INSEE code; parent its région;
- epci: the SIREN; parent the département of its seat;
- commune: the INSEE code; parent its EPCI (the four island communes that belong to none: their
  département); and its own département, which the EPCI's seat may not share (an EPCI that crosses
  a département's border has its parent where its seat is);
- former: a code that no longer names a commune (merged, associated or delegated communes, Paris,
  Lyon and Marseille's arrondissements), with the commune it now belongs to as its parent. A code
  split between several communes resolves to none and is left out.

Usage: sql/reference/derive.py ../shared/data/territoires-fr > sql/reference/territoires-fr.tsv
"""
import csv
import sys
from pathlib import Path


def read(folder, name):
    with open(folder / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def main(folder):
    regions = read(folder, "regions.csv")
    departments = read(folder, "departements.csv")
    communes = [c for c in read(folder, "communes.csv") if c["TYPECOM"] == "COM"]
    parts = [c for c in read(folder, "communes.csv") if c["TYPECOM"] != "COM"]
    members = [m for m in read(folder, "epci-communes-2025.csv") if m["siren_epci"]]
    movements = read(folder, "mouvements-communes.csv")

    current = {c["COM"] for c in communes}
    epci_of = {m["insee_commune"]: m["siren_epci"] for m in members}
    epcis = {}
    for m in members:
        epcis.setdefault(m["siren_epci"], (m["nom_epci"], m["dep_epci"]))

    lines = []
    for r in sorted(regions, key=lambda r: r["REG"]):
        lines.append(("region", "R" + r["REG"], r["LIBELLE"], "", ""))
    for d in sorted(departments, key=lambda d: d["DEP"]):
        lines.append(("department", d["DEP"], d["LIBELLE"], "R" + d["REG"], ""))
    for siren, (name, dep) in sorted(epcis.items()):
        lines.append(("epci", siren, name, dep, ""))
    for c in sorted(communes, key=lambda c: c["COM"]):
        lines.append(("commune", c["COM"], c["LIBELLE"], epci_of.get(c["COM"], c["DEP"]), c["DEP"]))

    # Former codes: each change says where a code went; follow the chain to a current commune.
    targets = {}
    for p in parts:
        if p["COM"] not in current and p["COMPARENT"]:
            targets.setdefault(p["COM"], set()).add(p["COMPARENT"])
    for m in sorted(movements, key=lambda m: m["DATE_EFF"]):
        before, after = m["COM_AV"], m["COM_AP"]
        if before != after and before not in current:
            targets.setdefault(before, set()).add(after)

    def resolve(code, seen=()):
        if code in current:
            return {code}
        if code in seen or code not in targets:
            return set()
        found = set()
        for target in targets[code]:
            found |= resolve(target, seen + (code,))
        return found

    for code in sorted(targets):
        resolved = resolve(code)
        if len(resolved) == 1:
            lines.append(("former", code, "", resolved.pop(), ""))

    out = sys.stdout
    out.write("# Source : INSEE, Code officiel géographique 2026 ; DGCL, composition des EPCI 2025 (Licence Ouverte)\n")
    for line in lines:
        assert all("\t" not in f and "\\" not in f and "\n" not in f for f in line), line
        out.write("\t".join(line) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/territoires-fr"))
