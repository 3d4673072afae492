"""Measure the distributions of the Hugging Face Hub snapshots that ``generate.py`` reproduces.

Reads the copies in ``shared/data/os-ai-map/warehouse/catalog/huggingface/`` (MIT, Current AI
os-ai-map; Hub metadata) and writes ``benchmarks/distributions.json``:

    python benchmarks/measure.py [--data DIR] [--out benchmarks/distributions.json]

Tagged rows: ``top_models.csv`` and ``tracked_models.csv`` (their ``tags`` column carries
``base_model:[KIND:]REPO``, ``dataset:`` and ``license:`` tags), de-duplicated by ``model_id``.
Authors and base-model fan-out also use ``model_repos.csv`` (``author``, ``base_model_id``).
The author of a row with an empty ``author`` column is the namespace of its ``model_id``.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = Path("/work/shared/data/os-ai-map/warehouse/catalog/huggingface")
KINDS = ("finetune", "quantized", "adapter", "merge")


def base_tags(tags: list[str]) -> tuple[str, list[str]]:
    """The derivation kind and the base repos of one row (kind "plain" when the tag names none)."""
    kinds, bases = [], []
    for tag in tags:
        if not tag.startswith("base_model:"):
            continue
        rest = tag[len("base_model:"):]
        kind, sep, repo = rest.partition(":")
        if sep and kind in KINDS:
            kinds.append(kind)
            bases.append(repo)
        elif not sep or kind not in KINDS:
            bases.append(rest)
    bases = sorted(set(bases))
    if not bases:
        return "none", []
    return (Counter(kinds).most_common(1)[0][0] if kinds else "plain"), bases


def power_law_exponent(counts: list[int], x_min: int = 1) -> float:
    """Discrete power-law exponent by the usual MLE approximation (Clauset et al. 2009, eq. 3.7)."""
    xs = [x for x in counts if x >= x_min]
    return 1 + len(xs) / sum(math.log(x / (x_min - 0.5)) for x in xs)


def histogram(values) -> dict[str, int]:
    return {str(k): v for k, v in sorted(Counter(values).items())}


def measure(data: Path) -> dict:
    rows: dict[str, dict] = {}
    for name in ("top_models.csv", "tracked_models.csv"):
        with open(data / name, newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                rows.setdefault(row["model_id"], row)
    kinds: Counter = Counter()
    n_bases: dict[str, Counter] = {k: Counter() for k in (*KINDS, "plain")}
    licences: Counter = Counter()
    n_datasets: Counter = Counter()
    dataset_use: Counter = Counter()
    pipelines: Counter = Counter()
    libraries: Counter = Counter()
    parent: dict[str, list[str]] = {}
    for model_id, row in rows.items():
        tags = [t.strip() for t in row["tags"].split(",") if t.strip()]
        kind, bases = base_tags(tags)
        kinds[kind] += 1
        if bases:
            n_bases[kind][len(bases)] += 1
            parent[model_id] = bases
        lic = [t.split(":", 1)[1] for t in tags if t.startswith("license:")]
        licences[lic[0] if lic else ""] += 1
        ds = sorted({t.split(":", 1)[1] for t in tags if t.startswith("dataset:")})
        n_datasets[len(ds)] += 1
        dataset_use.update(ds)
        pipelines[row.get("pipeline_tag") or ""] += 1
        libraries[row.get("library_name") or ""] += 1

    # Lineage depth inside the sample: how many derivation steps up to a model with no base in the sample.
    def depth(model: str, seen: frozenset = frozenset()) -> int:
        bases = [b for b in parent.get(model, []) if b in rows and b not in seen]
        return 0 if not bases else 1 + max(depth(b, seen | {model}) for b in bases)

    depths = Counter(depth(m) for m in parent)

    authors: Counter = Counter()
    fan_out: Counter = Counter()
    with open(data / "model_repos.csv", newline="", encoding="utf-8") as handle:
        repos = list(csv.DictReader(handle))
    for row in repos:
        authors[row["author"] or row["model_id"].split("/")[0]] += 1
        if row["base_model_id"]:
            fan_out[row["base_model_id"]] += 1
    for model_id, bases in parent.items():
        fan_out.update(bases)
    author_counts = sorted(authors.values(), reverse=True)
    fan_counts = sorted(fan_out.values(), reverse=True)
    derived = sum(v for k, v in kinds.items() if k != "none")
    return {
        "source": str(data),
        "tagged_models": len(rows),
        "share_with_base": round(derived / len(rows), 4),
        "derivation_kinds": {k: kinds[k] for k in (*KINDS, "plain")},
        "bases_per_derived_model": {k: histogram(v.elements()) for k, v in n_bases.items()},
        "licences": dict(licences.most_common()),
        "datasets_per_model": histogram(n_datasets.elements()),
        "distinct_datasets": len(dataset_use),
        "dataset_use_exponent": round(power_law_exponent(list(dataset_use.values())), 3),
        "pipeline_tags": dict(pipelines.most_common()),
        "library_names": dict(libraries.most_common(20)),
        "lineage_depth_in_sample": histogram(depths.elements()),
        "author_rows": len(repos),
        "distinct_authors": len(authors),
        "models_per_author_top": author_counts[:10],
        "models_per_author_exponent": round(power_law_exponent(author_counts), 3),
        "distinct_bases": len(fan_out),
        "children_per_base_top": fan_counts[:10],
        "children_per_base_exponent": round(power_law_exponent(fan_counts), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=HERE / "distributions.json")
    args = parser.parse_args()
    result = measure(args.data)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k not in ("licences", "pipeline_tags", "library_names")}, indent=1))


if __name__ == "__main__":
    main()
