"""One benchmark stage in a fresh process: ``stage.py ENGINE STAGE WORKDIR``; prints one JSON line.

ENGINE is ``fast`` (the project's Hugging Face importer, ``osaikg import hf``, then osaikg.scale:
Oxigraph store in memory, compiled SHACL,
pyoxigraph SPARQL, Store.dump), ``fast-disk`` (the same with the store on disk, opened by each
stage without loading again) or ``plain`` (rdflib memory Graph, pySHACL, rdflib SPARQL, rdflib
serialiser). WORKDIR holds ``models.csv`` and ``models.expected.json`` (from generate.py) and
receives each stage's output. ``seconds`` and ``cpu_seconds`` time the stage's own work only; a
plain stage that needs the graph parses it first, outside the timed region (``setup_seconds``).
run.py reads peak memory (ru_maxrss) of the whole process from the operating system.
"""
from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

from osaikg.importers import hf, run_import, source_info
from osaikg.importers.common import Description
from osaikg.namespaces import OSAI

IMPORT_GRAPH = hf.SOURCE.graph.value  # the import's named graph
KIND_OF = {str(OSAI[p]): kind for kind, p in hf.RELATIONS.items()}
KIND_OF[str(OSAI.derivedFrom)] = "plain"


def plain_import(csv_path: Path, out: Path) -> int:
    """The plain stack's import: the importer's own records and mapping, into an rdflib memory Graph,
    written by rdflib's N-Triples serialiser (what an importer built on rdflib alone would do)."""
    from rdflib import Graph

    from osaikg.importers.common import provenance
    from osaikg.scale import to_rdflib

    source = source_info("hf", csv_path)
    graph = Graph()
    add = graph.add
    for s, p, o in provenance(source):
        add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
    for record in hf.records(csv_path):
        for item in hf.triples(record, source):
            for s, p, o in (item if type(item) is Description else (item,)):
                add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
    graph.serialize(destination=str(out), format="nt", encoding="utf-8")
    return len(graph)


def aggregate_query() -> str:
    kinds = " ".join(f"<{p}>" for p in sorted(KIND_OF))
    return f"""
SELECT ?license ?kind (COUNT(DISTINCT ?model) AS ?n) WHERE {{
  ?model a <{OSAI}Model> .
  OPTIONAL {{ ?model <{OSAI}license> ?license }}
  OPTIONAL {{ ?model ?kind ?base . VALUES ?kind {{ {kinds} }} }}
}} GROUP BY ?license ?kind"""


class Timer:
    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.wall
        self.cpu_seconds = time.process_time() - self.cpu


def project_inputs():
    from osaikg.load import load_ontology, load_shapes

    return load_ontology(), load_shapes()


def aggregate_rows(rows) -> list:
    """[licence IRI, kind, count] sorted ('' = no licence; kinds in the generator's terms, 'none' = not derived)."""
    return sorted([licence or "", KIND_OF.get(kind, "none") if kind else "none", int(n)] for licence, kind, n in rows)


def expected_aggregate(expected: dict) -> list:
    """The generator's counts, with each licence tag as the IRI the importer gives it."""
    return sorted([hf._licence(lic)[0].value if lic else "", kind, n] for lic, kind, n in expected["models_per_licence_and_kind"])


def base_model(expected: dict) -> str:
    """The IRI the importer gives the generator's most-derived base model."""
    return hf.model_iri(expected["most_derived_base"]).value


def result_summary(report) -> dict:
    counts = Counter(f"{r.severity} {r.constraint} {r.source_shape}" for r in report.results)
    return {"results": len(report.results), "by_kind": dict(sorted(counts.items()))}


# ---------------------------------------------------------------------------------------------- fast


def fast(stage: str, work: Path, on_disk: bool) -> dict:
    from osaikg.namespaces import GRAPH
    from osaikg.scale import FastStore, lineage, validate_store

    expected = json.loads((work / "models.expected.json").read_text())
    store_dir = work / "store"
    out: dict = {}

    def load_store() -> FastStore:
        ontology, _shapes = project_inputs()
        store = FastStore(store_dir if on_disk else None)
        store.add_graph(ontology, str(GRAPH.ontology))
        store.load(work / "models.nq")
        if on_disk:
            store.store.flush()
        return store

    if stage == "import":
        with Timer() as t:
            out["triples"] = run_import("hf", work / "models.csv", out=work / "models.nq").counts.triples
    elif stage == "parse":  # the practical floor: pyoxigraph parses the import without storing it
        import pyoxigraph as ox

        with Timer() as t:
            out["triples"] = sum(1 for _ in ox.parse(path=str(work / "models.nq"), format=ox.RdfFormat.N_QUADS))
    elif stage == "load":
        import shutil

        shutil.rmtree(store_dir, ignore_errors=True)
        with Timer() as t:
            store = load_store()
        out["triples"] = len(store)
    else:
        if on_disk:
            store = FastStore(store_dir)
        else:  # an in-memory store lives as long as its process: load it first, untimed
            with Timer() as setup:
                store = load_store()
            out["setup_seconds"] = setup.seconds
        if stage == "validate":
            ontology, shapes = project_inputs()
            with Timer() as t:
                report = validate_store(store, shapes, ontology)
            out.update(result_summary(report))
        elif stage == "lineage":
            with Timer() as t:
                found = lineage(store, base_model(expected))
            out["descendants"] = len(found)
            out["correct"] = len(found) == expected["descendants"]
        elif stage == "aggregate":
            with Timer() as t:
                rows = [(r[0].value if r[0] else None, r[1].value if r[1] else None, r[2].value) for r in store.select(aggregate_query())]
            out["correct"] = aggregate_rows(rows) == expected_aggregate(expected)
        elif stage == "dumps":
            with Timer() as t:
                store.dump(work / "fast-dump.ttl", graph=IMPORT_GRAPH)
            out["bytes"] = (work / "fast-dump.ttl").stat().st_size
        else:
            raise SystemExit(f"unknown stage {stage}")
    out.update(seconds=t.seconds, cpu_seconds=t.cpu_seconds)
    return out


# ---------------------------------------------------------------------------------------------- plain


def plain(stage: str, work: Path) -> dict:
    from rdflib import Graph, URIRef

    expected = json.loads((work / "models.expected.json").read_text())
    out: dict = {}
    if stage == "import":
        with Timer() as t:
            out["triples"] = plain_import(work / "models.csv", work / "models.nt")
        out.update(seconds=t.seconds, cpu_seconds=t.cpu_seconds)
        return out
    ontology, shapes = project_inputs()
    with Timer() as setup:
        graph = Graph()
        graph.parse(str(work / "models.nt"), format="nt")
        if stage != "dumps":
            graph += ontology
    if stage == "load":
        t = setup
        out["triples"] = len(graph)
    elif stage == "validate":
        from osaikg.validate import validate_graph

        with Timer() as t:
            report = validate_graph(graph, shapes, ontology)
        out.update(result_summary(report))
    elif stage == "lineage":
        from rdflib.namespace import RDFS

        from osaikg.scale import DERIVATION_PROPERTIES, lineage_query

        base = URIRef(base_model(expected))
        with Timer() as t:
            properties = {str(p) for top in DERIVATION_PROPERTIES for p in graph.transitive_subjects(RDFS.subPropertyOf, top)}
            found = {str(row[0]) for row in graph.query(lineage_query(sorted(properties), base))}
        out["descendants"] = len(found)
        out["correct"] = len(found) == expected["descendants"]
    elif stage == "aggregate":
        with Timer() as t:
            rows = [(str(r[0]) if r[0] else None, str(r[1]) if r[1] else None, r[2].toPython()) for r in graph.query(aggregate_query())]
        out["correct"] = aggregate_rows(rows) == expected_aggregate(expected)
    elif stage == "dumps":
        with Timer() as t:
            graph.serialize(destination=str(work / "plain-dump.ttl"), format="turtle")
        out["bytes"] = (work / "plain-dump.ttl").stat().st_size
    else:
        raise SystemExit(f"unknown stage {stage}")
    if stage != "load":
        out["setup_seconds"] = setup.seconds
    out.update(seconds=t.seconds, cpu_seconds=t.cpu_seconds)
    return out


def main() -> int:
    engine, stage, work = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    if engine == "plain":
        result = plain(stage, work)
    elif engine in ("fast", "fast-disk"):
        result = fast(stage, work, on_disk=engine == "fast-disk")
    else:
        raise SystemExit(f"unknown engine {engine}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
