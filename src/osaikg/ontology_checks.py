"""Quality checks of the ontology, equivalent to ROBOT ``report``: one SPARQL query per check.

Each ``queries/checks/<name>.rq`` selects ``?entity ?property ?value`` for every violation, so zero
rows means the check passes. They run over the ontology merged with its imports and its alignment
files (ROBOT cannot run here: it is a Java jar that needs Maven).
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph
from rdflib import Graph

from . import paths
from .catalog import load_with_imports
from .query import NamedQuery, load_query


def checks_dir() -> Path:
    return paths.queries_dir() / "checks"


def checks() -> dict[str, NamedQuery]:
    return {path.stem: load_query(path) for path in sorted(checks_dir().glob("*.rq"))}


def ontology_with_alignments(ontology_dir: Path | None = None) -> Graph:
    """The edit file, its imports and every alignment file (each resolved through its own catalog)."""
    ontology_dir = ontology_dir or paths.ontology_dir()
    graph = Graph()
    load_with_imports(ontology_dir / "osaikg.ttl", ontology_dir / "catalog-v001.xml", graph)
    alignments = ontology_dir / "alignments"
    for path in sorted(alignments.glob("*.ttl")):
        load_with_imports(path, alignments / "catalog-v001.xml", graph)
    return graph


def check_store(graph: Graph) -> pyoxigraph.Store:
    """An Oxigraph store holding ``graph``: rdflib's engine takes minutes on the label self-joins."""
    store = pyoxigraph.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def run_check(check: NamedQuery, data: Graph | pyoxigraph.Store) -> list[tuple[str, ...]]:
    """The violations the check finds, sorted, as (entity, property, value) tuples in N-Triples syntax."""
    store = data if isinstance(data, pyoxigraph.Store) else check_store(data)
    solutions = store.query(check.text)
    names = [v.value for v in solutions.variables]
    return sorted(tuple(str(row[name]) if row[name] is not None else "" for name in names) for row in solutions)
