"""The benchmark's synthetic Hub data: seeded, and shaped like the snapshots it was measured from."""
from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402
import measure  # noqa: E402

DIST = json.loads((ROOT / "benchmarks" / "distributions.json").read_text())


def test_same_seed_same_bytes(tmp_path):
    generate.generate(3000, tmp_path / "a.csv", DIST)
    generate.generate(3000, tmp_path / "b.csv", DIST)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    generate.generate(3000, tmp_path / "c.csv", DIST, seed=7)
    assert (tmp_path / "c.csv").read_bytes() != (tmp_path / "a.csv").read_bytes()


def test_generated_rows_follow_the_measured_distributions(tmp_path):
    n = 20_000
    expected = generate.generate(n, tmp_path / "m.csv", DIST)
    with open(tmp_path / "m.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == n and list(rows[0]) == generate.COLUMNS
    kinds = Counter(measure.base_tags(row["tags"].split(","))[0] for row in rows)
    derived = n - kinds["none"]
    assert abs(derived / n - DIST["share_with_base"]) < 0.02
    measured_derived = sum(DIST["derivation_kinds"].values())
    for kind in ("finetune", "quantized"):
        assert abs(kinds[kind] / derived - DIST["derivation_kinds"][kind] / measured_derived) < 0.03
    unlicensed = sum(1 for row in rows if "license:" not in row["tags"])
    assert abs(unlicensed / n - DIST["licences"][""] / DIST["tagged_models"]) < 0.02
    assert 1 <= expected["max_depth"] <= 1 + max(int(d) for d in DIST["lineage_depth_in_sample"])
    # Power-law fan-out: the most-derived base has far more derivatives than the typical base.
    assert expected["direct_children"] > 20 * expected["derivation_edges"] / max(1, len({row["model_id"] for row in rows}))
