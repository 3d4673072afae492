"""One benchmark stage in a fresh process: ``stage.py ENGINE STAGE WORKDIR``; prints one JSON line.

ENGINE is ``fast`` (osaikg.scale: streaming import, Oxigraph store in memory, compiled SHACL,
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

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import hf_convert  # noqa: E402

OSAI = "https://w3id.org/osaikg/ontology#"
KIND_OF = {OSAI + p: kind for kind, p in hf_convert.KIND_PROPERTY.items() if kind}
KIND_OF[OSAI + "derivedFrom"] = "plain"


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
    """[licence name, kind, count] sorted, in the generator's terms ('' = no licence, 'none' = not derived)."""
    out = []
    for licence, kind, n in rows:
        name = licence.rsplit("/hf-", 1)[-1] if licence else ""
        out.append([name, KIND_OF.get(kind, "none") if kind else "none", int(n)])
    return sorted(out)


def expected_aggregate(expected: dict) -> list:
    return sorted([hf_convert.slug(lic) if lic else "", kind, n] for lic, kind, n in expected["models_per_licence_and_kind"])


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
            out["triples"] = hf_convert.convert_streaming(work / "models.csv", work / "models.nq")
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
            base = hf_convert.model_iri(expected["most_derived_base"])
            with Timer() as t:
                found = lineage(store, base)
            out["descendants"] = len(found)
            out["correct"] = len(found) == expected["descendants"]
        elif stage == "aggregate":
            with Timer() as t:
                rows = [(r[0].value if r[0] else None, r[1].value if r[1] else None, r[2].value) for r in store.select(aggregate_query())]
            out["correct"] = aggregate_rows(rows) == expected_aggregate(expected)
        elif stage == "dumps":
            with Timer() as t:
                store.dump(work / "fast-dump.ttl", graph=hf_convert.GRAPH)
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
            out["triples"] = hf_convert.convert_plain(work / "models.csv", work / "models.nt")
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

        base = URIRef(hf_convert.model_iri(expected["most_derived_base"]))
        with Timer() as t:
            properties = {str(p) for top in DERIVATION_PROPERTIES for p in graph.transitive_subjects(RDFS.subPropertyOf, top)}
            found = {str(row[0]) for row in graph.query(lineage_query(sorted(properties)), initBindings={"base": base})}
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
