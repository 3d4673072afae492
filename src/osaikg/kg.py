"""The Python API: ``KnowledgeGraph`` ties the stages together for scripts and the CLI.

    from osaikg import KnowledgeGraph
    kg = KnowledgeGraph.load()
    report = kg.validate()
    for row in kg.query("spun-out-of", project="BigScience"):
        print(row.label)
"""
from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from rdflib import Dataset, Graph, URIRef

from . import query as queries
from .errors import OsaikgError, QueryError
from .limits import limit, run_with_timeout
from .load import Sources, load_sources
from .namespaces import GRAPH
from .store import new_dataset
from .validate import ValidationReport, attribute_to_files, validate_graph


@dataclass
class Rows:
    """The answer to a query: column names and rows with named fields (rdflib terms)."""

    columns: list[str]
    rows: list[tuple]

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index):
        return self.rows[index]

    @classmethod
    def of(cls, columns: list[str], values: list[tuple]) -> "Rows":
        row_type = namedtuple("Row", columns, rename=True)
        return cls(columns, [row_type(*v) for v in values])


class KnowledgeGraph:
    """The ontology, shapes and instances, loaded into a queryable store."""

    def __init__(self, sources: Sources):
        self.sources = sources
        self.dataset: Dataset = new_dataset()
        ontology = self.dataset.graph(GRAPH.ontology)
        ontology += sources.ontology
        curated = self.dataset.graph(GRAPH.curated)
        for graph in sources.instance_files.values():
            curated += graph
        self.imports = None  # osaikg.importers.load.Imports when public datasets were imported

    @classmethod
    def load(cls, instance_files: list[Path] | None = None, data: Path | None = None, log=None) -> "KnowledgeGraph":
        """The curated graph; with ``data`` (a folder of public datasets) also one named graph per
        imported source and the reconciliation links (see osaikg.importers.load)."""
        kg = cls(load_sources(instance_files))
        if data is not None:
            from .importers.load import load_imports

            kg.imports = load_imports(kg.dataset, data, log=log or (lambda message: None))
        return kg

    @property
    def ontology(self) -> Graph:
        return self.sources.ontology

    @property
    def shapes(self) -> Graph:
        return self.sources.shapes

    @property
    def instances(self) -> Graph:
        return self.sources.instances

    def validate(self, extra_files: dict[Path, Graph] | None = None) -> ValidationReport:
        """SHACL-validate the instances (plus ``extra_files``); results name their file and line.

        The shapes are checked first (:mod:`osaikg.shape_hygiene`): malformed shapes raise an error.
        """
        from .shape_hygiene import ensure_clean

        ensure_clean()
        files = dict(self.sources.instance_files)
        files.update(extra_files or {})
        data = self.sources.instances
        for graph in (extra_files or {}).values():
            data += graph
        report = run_with_timeout(
            lambda: validate_graph(data, self.shapes, self.ontology), limit("VALIDATION_TIMEOUT"), "SHACL validation"
        )
        attribute_to_files(report, files)
        return report

    def check(self):
        """OWL consistency of the ontology under HermiT."""
        from .check import check_consistency

        return check_consistency(self.ontology)

    def query(self, name: str, **params: str) -> Rows:
        """Run a named query (``queries/NAME.rq``) or a ``.rq`` file with its parameters bound."""
        return self.run(queries.find_query(name), params)

    def sparql(self, text: str, **params) -> Rows:
        """Run an ad-hoc SPARQL query; keyword arguments are bound to projected variables: rdflib terms as they are,
        strings as IRIs, prefixed names or labels."""
        named = queries.NamedQuery(name="(ad hoc)", text=text, params=[queries.Param(n, "", "iri") for n in params])
        queries.check_syntax(named)
        return self.run(named, params)

    def run(self, named: queries.NamedQuery, params: dict[str, str]) -> Rows:
        parsed = queries.parse_checked(named.text, named.name)  # refuses network access, updates, over-long or over-nested text
        bindings = queries.bind_parameters(named, params, self.resolve_label)
        if bindings is None:  # a label that names nothing: a value, so no rows rather than an error
            return Rows.of(queries.result_columns(named, parsed), [])
        max_rows = limit("MAX_ROWS")

        def execute():
            try:
                return queries.rows(self.dataset.query(named.text, initBindings=bindings), max_rows)
            except OsaikgError:
                raise
            except Exception as err:  # noqa: BLE001 - engine errors become one error type
                raise QueryError(f"query {named.name!r} failed: {err}") from None

        columns, values = run_with_timeout(execute, limit("QUERY_TIMEOUT"), f"query {named.name!r}")
        return Rows.of(*queries.postprocess(named, bindings, columns, values))

    def resolve_label(self, label: str) -> URIRef | None:
        from rdflib import Literal

        found = []
        # Curated resources first: imported graphs repeat many names ("BLOOM" in several sources).
        for lookup in (CURATED_LABEL_LOOKUP, queries.LABEL_LOOKUP):
            result = self.dataset.query(lookup, initBindings={"label": Literal(label)})
            found = sorted({row[0] for row in result})
            if found:
                break
        if len(found) > 1:
            raise QueryError(f"{label!r} names {len(found)} resources: {', '.join(found)}; give one IRI instead")
        return found[0] if found else None

    def stats(self) -> dict:
        """Triples per named graph, and instances per class."""
        counts = {}
        for name, graph_iri in (("ontology", GRAPH.ontology), ("curated", GRAPH.curated)):
            counts[name] = len(self.dataset.graph(graph_iri))
        per_class = self.dataset.query(
            "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH <%s> { ?s a ?class } } GROUP BY ?class ORDER BY DESC(?n) ?class"
            % GRAPH.curated
        )
        classes = self.dataset.query(
            "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH <%s> { ?c a <http://www.w3.org/2002/07/owl#Class> FILTER(isIRI(?c)) } }"
            % GRAPH.ontology
        )
        return {
            "triples": counts,
            "classes": int(next(iter(classes))[0]),
            "instances_per_class": [(str(row[0]), int(row[1])) for row in per_class],
        }


CURATED_LABEL_LOOKUP = queries.LABEL_LOOKUP.replace(
    "SELECT DISTINCT ?resource ?label WHERE {", "SELECT DISTINCT ?resource ?label WHERE { GRAPH <%s> {" % GRAPH.curated
).rstrip().removesuffix("}") + "} }\n"
