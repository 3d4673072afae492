"""Hugging Face Hub CSV → RDF, for the benchmark's import stage, until the project's importer is on main.

    python benchmarks/hf_convert.py IN.csv OUT.nq            # streaming: one row in memory at a time
    python benchmarks/hf_convert.py --plain IN.csv OUT.nt    # the plain stack: an rdflib Graph, then serialise

Both write the same triples. Streaming writes N-Quads lines into the import graph
(https://w3id.org/osaikg/graph/import/hf); the plain way builds an rdflib memory Graph and calls
rdflib's N-Triples serialiser, as a first importer would. Mapping (the ontology contract's terms):
a row is an ``osai:Model`` with label, ``dcterms:source`` (its Hub page), ``osai:developedBy`` its
author (an ``osai:Actor``), ``osai:license`` (an ``osai:License`` per ``license:`` tag),
``osai:trainedOn`` each ``dataset:`` tag (an ``osai:Dataset``), and one derivation property per
``base_model:KIND:REPO`` tag: finetune → ``osai:fineTunedFrom``, quantized → ``osai:quantizedFrom``,
adapter → ``osai:adapterOf``, merge → ``osai:mergedFrom``, a bare ``base_model:`` → ``osai:derivedFrom``.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

OSAI = "https://w3id.org/osaikg/ontology#"
ID = "https://w3id.org/osaikg/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SOURCE = "http://purl.org/dc/terms/source"
GRAPH = "https://w3id.org/osaikg/graph/import/hf"
HUB = "https://huggingface.co/"
LICENSES_DOC = "https://huggingface.co/docs/hub/repositories-licenses"
KIND_PROPERTY = {
    "finetune": "fineTunedFrom", "quantized": "quantizedFrom", "adapter": "adapterOf", "merge": "mergedFrom", "": "derivedFrom",
}
KINDS = ("finetune", "quantized", "adapter", "merge")
_UNSAFE = re.compile(r"[^a-z0-9]+")

csv.field_size_limit(1 << 24)


def slug(text: str) -> str:
    """Lowercase-hyphenated; '+' is spelled out so that "openrail" and "openrail++" stay apart."""
    return _UNSAFE.sub("-", text.lower().replace("+", "-plus-")).strip("-") or "x"


def model_iri(repo: str) -> str:
    return f"{ID}model/hf-{slug(repo.replace('/', '--'))}"


def triples(row: dict, seen: set[str]):
    """(subject, predicate, object, is_literal) for one CSV row; shared resources only the first time."""
    repo = row["model_id"]
    model = model_iri(repo)
    yield model, RDF_TYPE, OSAI + "Model", False
    yield model, LABEL, repo, True
    yield model, SOURCE, HUB + repo, False
    author = row.get("author") or repo.split("/", 1)[0]
    actor = f"{ID}organisation/hf-{slug(author)}"
    yield model, OSAI + "developedBy", actor, False
    yield from _described_once(actor, "Actor", author, HUB + author, seen)
    derived: dict[str, str] = {}
    for tag in row.get("tags", "").split(","):
        tag = tag.strip()
        if tag.startswith("base_model:"):
            kind, sep, base = tag[len("base_model:"):].partition(":")
            if sep and kind in KINDS:
                derived[base] = kind
            else:
                derived.setdefault(tag[len("base_model:"):], "")
        elif tag.startswith("license:"):
            name = tag[len("license:"):]
            licence = f"{ID}license/hf-{slug(name)}"
            yield model, OSAI + "license", licence, False
            yield from _described_once(licence, "License", name, LICENSES_DOC, seen)
        elif tag.startswith("dataset:"):
            name = tag[len("dataset:"):]
            dataset = f"{ID}dataset/hf-{slug(name.replace('/', '--'))}"
            yield model, OSAI + "trainedOn", dataset, False
            yield from _described_once(dataset, "Dataset", name, f"{HUB}datasets/{name}", seen)
    for base, kind in sorted(derived.items()):
        yield model, OSAI + KIND_PROPERTY[kind], model_iri(base), False


def _described_once(resource: str, cls: str, label: str, source: str, seen: set[str]):
    """Type, label and source of a resource many rows share (author, licence, dataset), the first time only."""
    if resource not in seen:
        seen.add(resource)
        yield resource, RDF_TYPE, OSAI + cls, False
        yield resource, LABEL, label, True
        yield resource, SOURCE, source, False


def _literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"@en'


def convert_streaming(src: Path, out: Path) -> int:
    """Stream the CSV into N-Quads lines; returns the number of quads."""
    seen: set[str] = set()
    count = 0
    graph = f"<{GRAPH}>"
    with open(src, newline="", encoding="utf-8") as handle, open(out, "w", encoding="utf-8") as sink:
        write = sink.write
        for row in csv.DictReader(handle):
            for s, p, o, literal in triples(row, seen):
                write(f"<{s}> <{p}> {_literal(o) if literal else f'<{o}>'} {graph} .\n")
                count += 1
    return count


def convert_plain(src: Path, out: Path) -> int:
    """Build an rdflib memory Graph from the CSV, then serialise it as N-Triples."""
    from rdflib import Graph, Literal, URIRef

    graph = Graph()
    seen: set[str] = set()
    with open(src, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for s, p, o, literal in triples(row, seen):
                graph.add((URIRef(s), URIRef(p), Literal(o, lang="en") if literal else URIRef(o)))
    graph.serialize(destination=str(out), format="nt", encoding="utf-8")
    return len(graph)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plain", action="store_true", help="build an rdflib Graph and serialise it (the baseline)")
    parser.add_argument("src", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    n = (convert_plain if args.plain else convert_streaming)(args.src, args.out)
    print(f"{n} triples", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
