"""Synthetic Hugging Face Hub metadata, shaped like the os-ai-map snapshots, at any size.

    python benchmarks/generate.py 100k benchmarks/data/100k.csv   # sizes: 10k 100k 1m 2.2m or a number

Writes a CSV in the format of ``top_models.csv`` / ``tracked_models.csv`` (model_id, author,
downloads, likes, pipeline_tag, library_name, created_at, last_modified, tags) and, next to it,
``<name>.expected.json``: the generator's own answers (the most-derived base model and its number of
descendants, models per licence and derivation kind), which ``run.py`` checks every engine against.

The distributions come from ``distributions.json`` (written by ``measure.py`` from the snapshots):
share of models with a base model, derivation kinds and bases per kind, licences, datasets per model,
pipeline tags, libraries, authors per model and children per base (power laws with the measured
exponents) and the lineage depth (capped at the deepest chain seen). Seeded: same size, same bytes.
"""
from __future__ import annotations

import argparse
import bisect
import csv
import itertools
import json
import random
import sys
from collections import Counter, deque
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "2.2m": 2_200_000}
SEED = 42
KIND_TAG = {"finetune": "finetune", "quantized": "quantized", "adapter": "adapter", "merge": "merge"}
COLUMNS = ["model_id", "author", "downloads", "likes", "pipeline_tag", "library_name", "created_at", "last_modified", "tags"]
START = datetime(2022, 3, 2, tzinfo=timezone.utc)  # the Hub's oldest created_at in the snapshots
SPAN_S = int((datetime(2026, 6, 10, tzinfo=timezone.utc) - START).total_seconds())


def size_of(text: str) -> int:
    return SIZES.get(text.lower()) or int(text.replace("_", ""))


def pareto_weights(rng: random.Random, n: int, exponent: float) -> list[float]:
    """Cumulative weights whose draws give counts with a power-law tail of ``exponent``."""
    shape = 1.0 / (exponent - 1.0)
    return list(itertools.accumulate((1.0 - rng.random()) ** -shape for _ in range(n)))


def categorical(counts: dict[str, int]) -> tuple[list[str], list[int]]:
    keys = list(counts)
    return keys, list(itertools.accumulate(counts[k] for k in keys))


def generate(n: int, out: Path, dist: dict, seed: int = SEED) -> dict:
    rng = random.Random(seed)
    pick = lambda table: table[0][bisect.bisect_right(table[1], rng.random() * table[1][-1])]  # noqa: E731

    n_authors = max(1, round(n * dist["distinct_authors"] / dist["author_rows"]))
    n_datasets = max(1, round(n * dist["distinct_datasets"] / dist["tagged_models"]))
    authors_cum = pareto_weights(rng, n_authors, dist["models_per_author_exponent"])
    datasets_cum = pareto_weights(rng, n_datasets, dist["dataset_use_exponent"])
    # A model's attractiveness as a base: drawn once; a derived model picks among earlier ones by it.
    bases_cum = pareto_weights(rng, n, dist["children_per_base_exponent"])
    kinds = categorical(dist["derivation_kinds"])
    bases_per_kind = {k: categorical(v) for k, v in dist["bases_per_derived_model"].items() if v}
    licences = categorical(dist["licences"])
    n_ds = categorical(dist["datasets_per_model"])
    pipelines = categorical(dist["pipeline_tags"])
    libraries = categorical(dist["library_names"])
    max_depth = 1 + max(int(d) for d in dist["lineage_depth_in_sample"])  # chain length, steps
    share = dist["share_with_base"]

    depth = bytearray(n)
    first_base: dict[int, int] = {}  # a derived model's first base, to step up a chain that is too deep
    children: dict[int, list[int]] = {}
    ids: list[str] = []
    per_licence_kind: Counter = Counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for i in range(n):
            author = f"author-{bisect.bisect_right(authors_cum, rng.random() * authors_cum[-1])}"
            model_id = f"{author}/model-{i}"
            ids.append(model_id)
            tags: list[str] = []
            kind = "none"
            if i > 0 and rng.random() < share:
                kind = pick(kinds)
                wanted = int(pick(bases_per_kind[kind]))
                bases: set[int] = set()
                for _ in range(wanted * 4):
                    if len(bases) == wanted:
                        break
                    base = bisect.bisect_right(bases_cum, rng.random() * bases_cum[i - 1], 0, i - 1)
                    while depth[base] >= max_depth:  # keep chains as short as measured: step up to an ancestor
                        base = first_base[base]
                    bases.add(base)
                depth[i] = 1 + max(depth[b] for b in bases)
                for base in sorted(bases):
                    children.setdefault(base, []).append(i)
                    tags.append(f"base_model:{ids[base]}")
                    tags.append(f"base_model:{KIND_TAG[kind]}:{ids[base]}")
                first_base[i] = min(bases)
            for d in sorted({bisect.bisect_right(datasets_cum, rng.random() * datasets_cum[-1]) for _ in range(int(pick(n_ds)))}):
                tags.append(f"dataset:publisher-{d % 997}/dataset-{d}")
            licence = pick(licences)
            if licence:
                tags.append(f"license:{licence}")
            per_licence_kind[(licence, kind)] += 1
            created = START + timedelta(seconds=SPAN_S * i // n)
            writer.writerow([
                model_id, author, int((1.0 - rng.random()) ** -1.5), int((1.0 - rng.random()) ** -1.2) - 1,
                pick(pipelines), pick(libraries), created.strftime("%Y-%m-%d %H:%M:%S+00:00"), "", ",".join(tags),
            ])
    expected = {
        "models": n,
        "seed": seed,
        "derivation_edges": sum(len(c) for c in children.values()),
        "max_depth": max(depth) if n else 0,
        "models_per_licence_and_kind": sorted([lic, kind, count] for (lic, kind), count in per_licence_kind.items()),
    }
    expected.update(most_derived(children, ids))
    out.with_suffix(".expected.json").write_text(json.dumps(expected, indent=1) + "\n", encoding="utf-8")
    return expected


def descendants(children: dict[int, list[int]], root: int) -> int:
    seen, todo = {root}, deque([root])
    while todo:
        for child in children.get(todo.popleft(), ()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return len(seen) - 1


def most_derived(children: dict[int, list[int]], ids: list[str]) -> dict:
    """The base with the most transitive descendants, among the 20 with the most direct ones."""
    candidates = sorted(children, key=lambda b: (-len(children[b]), b))[:20]
    if not candidates:
        return {"most_derived_base": None, "descendants": 0}
    best = max(candidates, key=lambda b: (descendants(children, b), -b))
    return {"most_derived_base": ids[best], "descendants": descendants(children, best), "direct_children": len(children[best])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", help="10k, 100k, 1m, 2.2m or a number of models")
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--distributions", type=Path, default=HERE / "distributions.json")
    args = parser.parse_args(argv)
    dist = json.loads(args.distributions.read_text(encoding="utf-8"))
    expected = generate(size_of(args.size), args.out, dist, args.seed)
    print(json.dumps({k: v for k, v in expected.items() if k != "models_per_licence_and_kind"}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
