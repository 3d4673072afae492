"""The fast path for big graphs (Hugging Face Hub scale): Oxigraph store, compiled SHACL, lineage, dumps.

The plain stack (rdflib memory graph, pySHACL, rdflib's SPARQL engine and serialisers) needs about
1.3 KB and 40 µs per triple; at 2.2 million models (15 million triples) it does not fit this machine
(benchmarks/README.md). This module keeps the same answers and scales:

- :class:`FastStore` holds the graph in a pyoxigraph ``Store`` (in memory, or on disk for imports that
  do not fit in memory), bulk-loaded from N-Quads, N-Triples or Turtle without Python objects per triple;
- :func:`compile_shapes` turns the project's SHACL shapes into SPARQL queries that return exactly the
  validation results pySHACL gives (``tests/test_scale.py`` proves it on the shapes fixtures); shapes
  that use a feature the compiler does not cover are validated by pySHACL, so results never differ;
- :func:`lineage` answers "all models derived from X" with a property path over ``osai:derivedFrom``
  and its sub-properties read from the ontology (query rewriting instead of materialised inference);
- :meth:`FastStore.dump` writes N-Quads, N-Triples or Turtle straight from the store's indexes.
"""
from __future__ import annotations

import hashlib
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

from .errors import InputError
from .namespaces import GRAPH, OSAI, bind_prefixes
from .publish import atomic_path
from .validate import SEVERITY_ORDER, Result, ValidationReport, _show

# The contract's derivation properties (ontology contract, HELPERS.md): lineage follows them even before the
# ontology declares them, and follows any further sub-property the ontology declares.
DERIVATION_PROPERTIES = tuple(
    OSAI[name]
    for name in (
        "derivedFrom", "fineTunedFrom", "continuedPretrainingFrom", "adapterOf", "quantizedFrom",
        "mergedFrom", "distilledFrom", "rebuiltFrom",
    )
)

FORMATS = {
    ".nq": ox.RdfFormat.N_QUADS,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}
QUAD_FORMATS = {ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG}


def rdf_format(path: Path) -> ox.RdfFormat:
    suffixes = [s for s in Path(path).suffixes if s != ".gz"]
    try:
        return FORMATS[suffixes[-1].lower()]
    except (KeyError, IndexError):
        raise InputError(path, f"unknown RDF file type (known: {', '.join(sorted(FORMATS))})") from None


# ---------------------------------------------------------------------------------------------------- terms


def to_ox(term):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def to_rdflib(term):
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if term is None:
        return None
    raise TypeError(f"not an RDF term: {term!r}")


def sparql_term(term) -> str:
    """An rdflib term written in SPARQL syntax (IRIs and literals; shapes never put blank nodes here)."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return str(to_ox(term))
    raise ValueError(f"cannot write {term!r} into a query")


# ---------------------------------------------------------------------------------------------------- store


class FastStore:
    """A pyoxigraph store whose default graph is the union of its named graphs.

    ``path=None`` keeps it in memory (about 400 bytes a triple); a folder keeps it on disk (RocksDB),
    for imports larger than memory, and lets later processes open it without loading again.
    """

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path else None
        self.store = ox.Store(str(path)) if path else ox.Store()

    def load(self, source: Path | str | bytes, graph: str | None = None, format: ox.RdfFormat | None = None) -> None:
        """Bulk-load a file (or bytes) into ``graph`` (the file's own graphs for N-Quads/TriG)."""
        if isinstance(source, (str, Path)):
            path = Path(source)
            format = format or rdf_format(path)
            if not path.is_file():
                raise InputError(path, "no such file")
            base = path.resolve().as_uri()
        else:
            path, base = None, None
            if format is None:
                raise ValueError("give the format of in-memory data")
        to_graph = None if format in QUAD_FORMATS else (ox.NamedNode(graph) if graph else ox.DefaultGraph())
        try:
            if path is not None and path.suffix == ".gz":  # streamed through gzip, never unpacked on disk
                import gzip

                with gzip.open(path, "rb") as handle:
                    self.store.bulk_load(handle, format=format, to_graph=to_graph, base_iri=base)
            elif path is not None:
                self.store.bulk_load(path=path, format=format, to_graph=to_graph, base_iri=base)
            else:
                self.store.bulk_load(source, format=format, to_graph=to_graph)
        except SyntaxError as err:
            raise InputError(path or "(data)", f"syntax error: {err}", line=getattr(err, "lineno", None)) from None

    def add_graph(self, graph: Graph, name: str) -> None:
        """Copy an rdflib graph into the named graph ``name``."""
        target = ox.NamedNode(name)
        self.store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), target) for s, p, o in graph)

    def query(self, text: str, **bindings):
        substitutions = {ox.Variable(k): v for k, v in bindings.items()}
        return self.store.query(text, use_default_graph_as_union=True, substitutions=substitutions or None)

    def select(self, text: str, **bindings) -> list[tuple]:
        result = self.query(text, **bindings)
        names = [v.value for v in result.variables]
        return [tuple(solution[name] for name in names) for solution in result]

    def __len__(self) -> int:
        return len(self.store)

    def dump(self, path: Path, graph: str | None = None, format: ox.RdfFormat | None = None) -> Path:
        """Write the store (or one named graph) to ``path`` atomically, in the store's index order.

        The order is a function of the content only, so the same graph gives the same bytes.
        """
        from .namespaces import PREFIXES

        path = Path(path)
        format = format or rdf_format(path)
        options = {}
        if format in QUAD_FORMATS:
            if graph:
                raise ValueError("a quad format dumps every graph; give a triple format with graph=")
        else:
            options["from_graph"] = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        if format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
            options["prefixes"] = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
        with atomic_path(path) as tmp:
            if path.suffix == ".gz":
                import gzip

                with gzip.open(tmp, "wb") as handle:
                    self.store.dump(handle, format=format, **options)
            else:
                self.store.dump(str(tmp), format=format, **options)
        return path

    def to_rdflib(self, graph: str | None = None) -> Graph:
        """The union of the store's graphs (or one named graph) as an rdflib memory graph (small graphs only)."""
        out = Graph()
        bind_prefixes(out)
        name = ox.NamedNode(graph) if graph else None
        for quad in self.store.quads_for_pattern(None, None, None, name):
            out.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        return out


# ---------------------------------------------------------------------------------------------------- lineage


def derivation_properties(store: FastStore) -> list[str]:
    """``osai:derivedFrom``, the contract's sub-properties and every sub-property the ontology declares."""
    declared = store.select(
        "SELECT DISTINCT ?p WHERE { ?p <http://www.w3.org/2000/01/rdf-schema#subPropertyOf>* ?top "
        "VALUES ?top { %s } }" % " ".join(f"<{p}>" for p in DERIVATION_PROPERTIES)
    )
    return sorted({str(p) for p in DERIVATION_PROPERTIES} | {row[0].value for row in declared})


def lineage_query(properties: Iterable[str], base: str) -> str:
    """All resources transitively derived from ``base`` (an IRI, checked) through ``properties``.

    The base is written into the query: Oxigraph answers 2x faster than with ?base bound from outside.
    """
    path = "|".join(f"<{p}>" for p in properties)
    return f"SELECT DISTINCT ?derived WHERE {{ ?derived ({path})+ {ox.NamedNode(base)} }}"


def lineage(store: FastStore, base: str) -> set[str]:
    """The IRIs of every resource derived, directly or not, from ``base``.

    The path lists only the derivation properties the store uses (each alternative in a path costs a
    lookup at every step): 0.4 s for the 85k descendants of the most-derived base at 2.2M models.
    """
    used = [p for p in derivation_properties(store) if store.query(f"ASK {{ ?s <{p}> ?o }}")]
    if not used:
        return set()
    return {row[0].value for row in store.query(lineage_query(used, base))}


# ---------------------------------------------------------------------------------------------------- SHACL


class Unsupported(Exception):
    """A SHACL feature the compiler does not translate; the shape goes to pySHACL."""


# Constraint parameters the compiler translates. Anything else in a shape (sh:node, sh:or, sh:closed,
# sh:sparql, sh:qualifiedValueShape, sh:equals, …) sends the shape to pySHACL.
COMPILED = {
    SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.nodeKind, SH.languageIn, SH.pattern, SH.flags,
    SH["in"], SH.hasValue, SH.minLength, SH.maxLength, SH.minInclusive, SH.maxInclusive, SH.minExclusive,
    SH.maxExclusive, SH.uniqueLang, SH["or"], SH["and"], SH["not"], SH.xone, SH.sparql,
}
IGNORED = {  # non-validating or shape-describing properties
    RDF.type, SH.property, SH.path, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
    SH.severity, SH.message, SH.name, SH.description, SH.order, SH.group, SH.defaultValue, SH.deactivated,
    RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, SH.declare, SH.prefixes,
}
NODE_KINDS = {
    SH.IRI: "isIRI(?v)",
    SH.BlankNode: "isBlank(?v)",
    SH.Literal: "isLiteral(?v)",
    SH.BlankNodeOrIRI: "(isBlank(?v) || isIRI(?v))",
    SH.BlankNodeOrLiteral: "(isBlank(?v) || isLiteral(?v))",
    SH.IRIOrLiteral: "(isIRI(?v) || isLiteral(?v))",
}
# Datatypes whose lexical form SPARQL can check by casting (ill-typed values fail the cast, as pySHACL's
# rdflib ``ill_typed`` flags them).
CASTABLE = {XSD.string, XSD.boolean, XSD.integer, XSD.decimal, XSD.float, XSD.double, XSD.dateTime, XSD.date}
# "Instance of C" is rdf:type/rdfs:subClassOf* C, as in pySHACL. The compiled queries name the classes
# instead (``?x a ?t VALUES ?t { C and its subclasses }``), which Oxigraph answers 1.5-2x faster; the
# placeholder «C» is replaced by C's subclasses as the store holds them, when the queries run.
_CLOSURE = re.compile(r"«([^»]*)»")


def _instance_of(var: str, cls) -> str:
    name = "?_t" + hashlib.sha1(f"{var} {cls}".encode()).hexdigest()[:8]
    return f"{var} a {name} . VALUES {name} {{ «{cls}» }}"


def _resolve_classes(store: "FastStore", query: str, cache: dict[str, str]) -> str:
    def closure(match) -> str:
        cls = match.group(1)
        if cls not in cache:
            rows = store.select(f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS.subClassOf}>* <{cls}> }}")
            cache[cls] = " ".join(sorted({f"<{cls}>"} | {f"<{row[0].value}>" for row in rows if isinstance(row[0], ox.NamedNode)}))
        return cache[cls]

    return _CLOSURE.sub(closure, query)


@dataclass
class Check:
    """One compiled constraint: a query whose rows (?this [?v]) are validation results."""

    shape: object  # the shape node (URIRef or BNode) in the shapes graph
    component: str  # e.g. sh:MinCountConstraintComponent
    severity: str
    path: str | None  # rendered as in pySHACL reports
    message: str | None  # the shape's sh:message, if any
    query: str
    with_value: bool
    sparql_messages: tuple | None = None  # (the shape's messages, the constraint's templates) for sh:sparql


@dataclass
class CompiledShapes:
    checks: list[Check] = field(default_factory=list)
    units: list = field(default_factory=list)  # shapes with targets that compiled (with their property shapes)
    fallback: list = field(default_factory=list)  # shapes with targets left to pySHACL, with the reason
    shapes: Graph | None = None


def compile_shapes(shapes: Graph) -> CompiledShapes:
    """Compile every shape with targets (and its property shapes) that uses only compiled features."""
    compiled = CompiledShapes(shapes=shapes)
    referenced = {
        o for p in (SH.node, SH["not"], SH.qualifiedValueShape) for o in shapes.objects(None, p)
    } | {item for p in (SH["and"], SH["or"], SH.xone) for lst in shapes.objects(None, p) for item in Collection(shapes, lst)}
    for shape in sorted(_shapes_with_targets(shapes), key=str):
        if shape in referenced:  # also used inside another shape: keep its semantics in one engine
            compiled.fallback.append((shape, "referenced by another shape"))
            continue
        try:
            compiled.checks.extend(_compile_shape(shapes, shape))
            compiled.units.append(shape)
        except Unsupported as why:
            compiled.fallback.append((shape, str(why)))
    return compiled


def _shapes_with_targets(shapes: Graph) -> set:
    found = set()
    for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target):
        found.update(shapes.subjects(p, None))
    for cls in (RDFS.Class, OWL.Class):  # implicit class targets
        for shape in shapes.subjects(RDF.type, cls):
            if (shape, RDF.type, SH.NodeShape) in shapes or (shape, RDF.type, SH.PropertyShape) in shapes:
                found.add(shape)
    return found


@dataclass
class Focus:
    """A shape's focus nodes: ``pattern`` binds ?this to each; ``member`` is true when ?this is one."""

    pattern: str
    member: str


def _focus(shapes: Graph, shape) -> Focus:
    if (shape, SH.target, None) in shapes:
        raise Unsupported("SHACL-AF sh:target")
    parts, members = [], []
    classes = list(shapes.objects(shape, SH.targetClass))
    if (shape, RDF.type, RDFS.Class) in shapes or (shape, RDF.type, OWL.Class) in shapes:
        classes.append(shape)
    for cls in classes:
        parts.append(_instance_of("?this", cls))
        members.append(f"EXISTS {{ {_instance_of('?this', cls)} }}")
    for node in shapes.objects(shape, SH.targetNode):
        parts.append(f"BIND({sparql_term(node)} AS ?this)")
        members.append(f"sameTerm(?this, {sparql_term(node)})")
    for p in shapes.objects(shape, SH.targetSubjectsOf):
        parts.append(f"?this {sparql_term(p)} ?_o .")
        members.append(f"EXISTS {{ ?this {sparql_term(p)} ?_o }}")
    for p in shapes.objects(shape, SH.targetObjectsOf):
        parts.append(f"?_s {sparql_term(p)} ?this .")
        members.append(f"EXISTS {{ ?_s {sparql_term(p)} ?this }}")
    union = " UNION ".join("{ " + part + " }" for part in parts)
    return Focus(f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}", " || ".join(members) or "false")


def _deactivated(shapes: Graph, shape) -> bool:
    return any(v.toPython() is True for v in shapes.objects(shape, SH.deactivated) if isinstance(v, Literal))


def _compile_shape(shapes: Graph, shape) -> list[Check]:
    if _deactivated(shapes, shape):
        return []
    focus = _focus(shapes, shape)
    checks = []
    if (shape, SH.path, None) in shapes:  # a property shape with its own targets
        checks.extend(_compile_constraints(shapes, shape, focus, _path(shapes, shapes.value(shape, SH.path))))
    else:
        checks.extend(_compile_constraints(shapes, shape, focus, None))
        for prop in sorted(shapes.objects(shape, SH.property), key=str):
            if _deactivated(shapes, prop):
                continue
            if (prop, SH.property, None) in shapes:
                raise Unsupported("nested sh:property")
            checks.extend(_compile_constraints(shapes, prop, focus, _path(shapes, shapes.value(prop, SH.path))))
    return checks


def _simple_path(shapes: Graph, node) -> bool:
    """A path without * + ?: its triples can be scanned first and their subjects checked against the targets."""
    if isinstance(node, URIRef):
        return True
    if (node, SH.inversePath, None) in shapes:
        return _simple_path(shapes, shapes.value(node, SH.inversePath))
    if (node, SH.alternativePath, None) in shapes:
        return all(_simple_path(shapes, i) for i in Collection(shapes, shapes.value(node, SH.alternativePath)))
    if (node, RDF.first, None) in shapes:
        return all(_simple_path(shapes, i) for i in Collection(shapes, node))
    return False


def _path(shapes: Graph, node) -> str:
    """A SHACL path as a SPARQL property path."""
    if node is None:
        raise Unsupported("property shape without sh:path")
    if isinstance(node, URIRef):
        return f"<{node}>"
    if (node, SH.inversePath, None) in shapes:
        return f"^({_path(shapes, shapes.value(node, SH.inversePath))})"
    if (node, SH.alternativePath, None) in shapes:
        items = list(Collection(shapes, shapes.value(node, SH.alternativePath)))
        return "(" + "|".join(_path(shapes, i) for i in items) + ")"
    for prop, op in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        if (node, prop, None) in shapes:
            return f"({_path(shapes, shapes.value(node, prop))}){op}"
    if (node, RDF.first, None) in shapes:
        return "(" + "/".join(_path(shapes, i) for i in Collection(shapes, node)) + ")"
    raise Unsupported("unknown path")


def _compile_constraints(shapes: Graph, shape, focus_nodes: Focus, path: str | None) -> list[Check]:
    """The queries of one shape's constraints. Value checks on a simple path scan the path's triples first and
    keep the subjects that are focus nodes (2-3x faster on Oxigraph when few values break the constraint)."""
    focus = focus_nodes.pattern
    path_first = path is not None and _simple_path(shapes, shapes.value(shape, SH.path))
    params = set(shapes.predicates(shape, None))
    unknown = params - COMPILED - IGNORED
    if unknown:
        raise Unsupported("uses " + ", ".join(sorted(shapes.namespace_manager.normalizeUri(p) for p in unknown)))
    if path is None and (params & {SH.minCount, SH.maxCount, SH.uniqueLang}):
        raise Unsupported("cardinality on a node shape")
    severity_node = shapes.value(shape, SH.severity) or SH.Violation
    if severity_node not in (SH.Violation, SH.Warning, SH.Info):
        raise Unsupported("custom severity")
    severity = str(severity_node).rsplit("#", 1)[-1]
    messages = sorted(str(m) for m in shapes.objects(shape, SH.message))
    shown_path = _show(shapes, shapes.value(shape, SH.path)) if path else None
    values = f"{focus} ?this {path} ?v ." if path else f"{focus} BIND(?this AS ?v)"

    def check(component: str, query: str, with_value: bool = True, message: str | None = None) -> Check:
        return Check(shape, f"sh:{component}ConstraintComponent", severity, shown_path,
                     message or (messages[0] if messages else None), query, with_value)

    checks = []
    if SH.minCount in params:
        n = int(_one(shapes, shape, SH.minCount))
        if n == 1:
            checks.append(check("MinCount", f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} ?v }} }}", False))
        elif n > 1:
            checks.append(check("MinCount", f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {path} ?v }} }} "
                                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {n})", False))
    if SH.maxCount in params:
        n = int(_one(shapes, shape, SH.maxCount))
        if path_first:
            query = (f"SELECT ?this WHERE {{ {{ SELECT ?this WHERE {{ ?this {path} ?v }} GROUP BY ?this "
                     f"HAVING (COUNT(DISTINCT ?v) > {n}) }} FILTER({focus_nodes.member}) }}")
        else:
            query = f"SELECT ?this WHERE {{ {values} }} GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {n})"
        checks.append(check("MaxCount", query, False))
    for component, conforms in _value_conditions(shapes, shape):
        if path_first:
            query = f"SELECT ?this ?v WHERE {{ ?this {path} ?v FILTER(!COALESCE({conforms}, false)) FILTER({focus_nodes.member}) }}"
        else:
            query = f"SELECT ?this ?v WHERE {{ {values} FILTER(!COALESCE({conforms}, false)) }}"
        checks.append(check(component, query))
    for value in shapes.objects(shape, SH.hasValue):
        if path:
            query = f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} {sparql_term(value)} }} }}"
        else:
            query = f"SELECT ?this WHERE {{ {focus} FILTER(!sameTerm(?this, {sparql_term(value)})) }}"
        checks.append(check("HasValue", query, False))
    if SH.uniqueLang in params and _one(shapes, shape, SH.uniqueLang).toPython() is True:
        checks.append(check("UniqueLang", f"SELECT ?this WHERE {{ {values} FILTER(LANG(?v) != \"\") }} "
                            f"GROUP BY ?this (LCASE(LANG(?v))) HAVING (COUNT(DISTINCT ?v) > 1)", False))
    for constraint in sorted(shapes.objects(shape, SH.sparql), key=str):
        checks.extend(_sparql_constraint(shapes, shape, constraint, focus_nodes, path, check, messages))
    return checks


def _one(shapes: Graph, shape, param):
    found = list(shapes.objects(shape, param))
    if len(found) != 1:
        raise Unsupported(f"{len(found)} values of {param}")
    return found[0]


# Parameters that constrain one value node on its own, so they can be combined inside sh:or, sh:and, sh:not.
VALUE_LEVEL = {
    SH["class"], SH.datatype, SH.nodeKind, SH.languageIn, SH.pattern, SH.flags, SH["in"], SH.minLength, SH.maxLength,
    SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH["or"], SH["and"], SH["not"], SH.xone,
}


def _value_conditions(shapes: Graph, shape) -> list[tuple[str, str]]:
    """(component, SPARQL expression true when the value node ?v conforms) for each value-level constraint."""
    params = set(shapes.predicates(shape, None))
    conditions = []
    for cls in sorted(shapes.objects(shape, SH["class"]), key=str):
        conditions.append(("Class", f"EXISTS {{ {_instance_of('?v', cls)} }}"))
    if SH.datatype in params:
        conditions.append(("Datatype", _datatype_condition(_one(shapes, shape, SH.datatype))))
    if SH.nodeKind in params:
        kind = _one(shapes, shape, SH.nodeKind)
        if kind not in NODE_KINDS:
            raise Unsupported(f"node kind {kind}")
        conditions.append(("NodeKind", NODE_KINDS[kind]))
    if SH.languageIn in params:
        conditions.append(("LanguageIn", _language_condition(shapes, _one(shapes, shape, SH.languageIn))))
    if SH.pattern in params:
        flags = shapes.value(shape, SH.flags)
        pattern = sparql_term(Literal(str(_one(shapes, shape, SH.pattern))))
        args = f"STR(?v), {pattern}" + (f", {sparql_term(Literal(str(flags)))}" if flags is not None else "")
        conditions.append(("Pattern", f"(!isBlank(?v) && REGEX({args}))"))
    if SH["in"] in params:
        members = list(Collection(shapes, _one(shapes, shape, SH["in"])))
        conditions.append(("In", "(" + (" || ".join(f"sameTerm(?v, {sparql_term(m)})" for m in members) or "false") + ")"))
    for param, component, op in ((SH.minLength, "MinLength", ">="), (SH.maxLength, "MaxLength", "<=")):
        if param in params:
            conditions.append((component, f"(!isBlank(?v) && STRLEN(STR(?v)) {op} {int(_one(shapes, shape, param))})"))
    for param, component, op in (
        (SH.minInclusive, "MinInclusive", ">="), (SH.maxInclusive, "MaxInclusive", "<="),
        (SH.minExclusive, "MinExclusive", ">"), (SH.maxExclusive, "MaxExclusive", "<"),
    ):
        if param in params:
            conditions.append((component, f"(?v {op} {sparql_term(_one(shapes, shape, param))})"))
    for param, component, joiner in ((SH["or"], "Or", " || "), (SH["and"], "And", " && ")):
        for members in shapes.objects(shape, param):
            parts = [_member_condition(shapes, m) for m in Collection(shapes, members)]
            conditions.append((component, "(" + (joiner.join(parts) or ("false" if component == "Or" else "true")) + ")"))
    for member in shapes.objects(shape, SH["not"]):
        conditions.append(("Not", f"!{_member_condition(shapes, member)}"))
    for members in shapes.objects(shape, SH.xone):
        parts = [f"IF({_member_condition(shapes, m)}, 1, 0)" for m in Collection(shapes, members)]
        conditions.append(("Xone", "((" + (" + ".join(parts) or "0") + ") = 1)"))
    return conditions


def _member_condition(shapes: Graph, member) -> str:
    """Whether ?v conforms to a shape used inside sh:or/sh:and/sh:not/sh:xone.

    Members may use value-level constraints, or be a property shape with sh:minCount 1 / sh:maxCount
    (e.g. ``sh:or ( [ sh:path osai:spdxId ; sh:minCount 1 ] [ sh:path osai:licenseCategory ; sh:minCount 1 ] )``).
    """
    params = set(shapes.predicates(member, None)) - {RDF.type, SH.message, SH.name, SH.description, RDFS.comment}
    if any(True for _ in shapes.objects(member, SH.deactivated)):
        raise Unsupported("deactivated member shape")
    if SH.path in params:
        if params - {SH.path, SH.minCount, SH.maxCount}:
            raise Unsupported("a property shape inside sh:or/sh:and/sh:not/sh:xone with more than counts")
        path = _path(shapes, shapes.value(member, SH.path))
        parts = []
        if SH.minCount in params:
            n = int(_one(shapes, member, SH.minCount))
            if n > 1:
                raise Unsupported("sh:minCount above 1 inside sh:or/sh:and/sh:not/sh:xone")
            parts.append(f"EXISTS {{ ?v {path} ?_m }}" if n == 1 else "true")
        if SH.maxCount in params:
            n = int(_one(shapes, member, SH.maxCount))
            if n == 0:
                parts.append(f"NOT EXISTS {{ ?v {path} ?_m }}")
            elif n == 1:
                parts.append(f"NOT EXISTS {{ ?v {path} ?_m1, ?_m2 FILTER(!sameTerm(?_m1, ?_m2)) }}")
            else:
                raise Unsupported("sh:maxCount above 1 inside sh:or/sh:and/sh:not/sh:xone")
        return "(" + (" && ".join(parts) or "true") + ")"
    if not params or params - VALUE_LEVEL:
        raise Unsupported("a shape inside sh:or/sh:and/sh:not/sh:xone that is not value-level")
    parts = [f"COALESCE({conforms}, false)" for _component, conforms in _value_conditions(shapes, member)]
    return "(" + " && ".join(parts) + ")"


SPARQL_PREBOUND = re.compile(r"\$(currentShape|shapesGraph|value)\b")


def _sparql_constraint(shapes: Graph, shape, constraint, focus: Focus, path: str | None, check, messages) -> list[Check]:
    """A SPARQL-based constraint (sh:sparql with sh:select), evaluated once for all focus nodes.

    pySHACL runs the query once per focus node with $this pre-bound; here the query's own solutions are
    joined with the focus nodes, which gives the same rows when the query projects $this (checked).
    """
    if any(v.toPython() is True for v in shapes.objects(constraint, SH.deactivated) if isinstance(v, Literal)):
        return []
    if set(shapes.predicates(constraint, None)) - {RDF.type, SH.select, SH.message, SH.prefixes, SH.severity, RDFS.comment}:
        raise Unsupported("a SPARQL constraint with more than sh:select, sh:message and sh:prefixes")
    select = str(_one(shapes, constraint, SH.select))
    if SPARQL_PREBOUND.search(select):
        raise Unsupported("a SPARQL constraint using $currentShape, $shapesGraph or $value")
    select = select.replace("$PATH", path) if path else select
    if "$PATH" in select:
        raise Unsupported("$PATH in a node shape")
    select = re.sub(r"\$this\b", "?this", select)
    head = re.match(r"\s*SELECT\s+(DISTINCT\s+|REDUCED\s+)?(?P<vars>[^{]*?)\s*WHERE", select, re.IGNORECASE | re.DOTALL)
    if head is None or not re.search(r"\?this\b", head["vars"]):
        raise Unsupported("a SPARQL constraint whose SELECT does not project $this")
    prefixes = []
    for holder in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(holder, SH.declare):
            prefixes.append(f"PREFIX {shapes.value(declaration, SH.prefix)}: <{shapes.value(declaration, SH.namespace)}>")
    query = "\n".join(sorted(set(prefixes))) + f"\nSELECT DISTINCT * WHERE {{ {{ {select} }} FILTER({focus.member}) }}"
    templates = sorted(str(m) for m in shapes.objects(constraint, SH.message))
    made = check("SPARQL", query, True)
    made.sparql_messages = (messages, templates)
    return [made]


def _datatype_condition(datatype) -> str:
    if datatype == RDFS.Literal:
        return "isLiteral(?v)"
    if datatype == RDF.langString:
        return "isLiteral(?v) && LANG(?v) != \"\""
    right_type = f"isLiteral(?v) && sameTerm(DATATYPE(?v), <{datatype}>) && LANG(?v) = \"\""
    if datatype in CASTABLE and datatype != XSD.string:
        return f"{right_type} && COALESCE(BOUND(?v) && sameTerm(DATATYPE(<{datatype}>(?v)), <{datatype}>), false)"
    return right_type


def _language_condition(shapes: Graph, node) -> str:
    """pySHACL's sh:languageIn: the tag, lowercased, is listed, or its first subtag is (langMatches does
    exactly this for a range without '-')."""
    wanted = sorted({str(item).lower() for item in Collection(shapes, node)})
    if "*" in wanted:
        return "isLiteral(?v) && LANG(?v) != \"\""
    tests = []
    for tag in wanted:
        literal = sparql_term(Literal(tag))
        if "-" in tag:
            tests.append(f"LCASE(LANG(?v)) = {literal}")
        else:
            tests.append(f"langMatches(LANG(?v), {literal})")
    return f"isLiteral(?v) && ({' || '.join(tests) or 'false'})"


def validate_store(
    store: FastStore,
    shapes: Graph,
    ontology: Graph | None = None,
    data_graph: Callable[[], Graph] | None = None,
    compiled: CompiledShapes | None = None,
) -> ValidationReport:
    """SHACL-validate everything in ``store`` (which holds the data and the ontology).

    Compiled shapes run as SPARQL on the store. Shapes the compiler does not cover are validated by pySHACL
    (with the compiled ones deactivated) on ``data_graph()``, an rdflib copy of the data: fine for the
    curated graph, too slow for Hub-scale imports, which should use compiled shapes only.
    """
    compiled = compiled or compile_shapes(shapes)
    bind_prefixes(shapes)
    results: list[Result] = []
    focus_terms: list = []  # the store's term for each result's focus node (for its label)
    closures: dict[str, str] = {}
    queries = [_resolve_classes(store, check.query, closures) for check in compiled.checks]
    shown: dict = {}  # value terms rendered once: many results share a value

    def show(term) -> str:
        if term not in shown:
            shown[term] = _show(shapes, to_rdflib(term))
        return shown[term]

    with ThreadPoolExecutor(max_workers=QUERY_THREADS) as pool:
        # Oxigraph evaluates a query without holding the GIL: the checks run side by side, and their
        # rows become results here, in the checks' order, while later checks are still running.
        for check, solutions in zip(compiled.checks, pool.map(lambda q: list(store.query(q)), queries)):
            if check.sparql_messages is not None:
                for focus, result in _sparql_results(shapes, check, solutions):
                    focus_terms.append(focus)
                    results.append(result)
                continue
            source_shape, message = _show(shapes, check.shape), check.message or _default_message(check)
            for row in solutions:
                value = row[1] if check.with_value else None
                focus_terms.append(row[0])
                results.append(Result(
                    severity=check.severity,
                    focus_node=_focus_text(row[0]),
                    focus_label=None,
                    path=check.path,
                    value=show(value) if value is not None else None,
                    message=message,
                    source_shape=source_shape,
                    constraint=check.component,
                ))
    _add_labels(store, results, focus_terms)
    report = ValidationReport(results=results)
    if compiled.fallback:
        report.results.extend(_fallback(compiled, shapes, ontology, data_graph, store))
    report.results.sort(key=lambda r: (SEVERITY_ORDER.get(r.severity, 9), r.focus_node, r.path or "", r.message, r.value or ""))
    return report


# Queries run side by side on this many threads (the CPUs this process may use).
QUERY_THREADS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _sparql_results(shapes: Graph, check: Check, solutions: Iterable) -> Iterator[tuple]:
    shape_messages, templates = check.sparql_messages
    source_shape = _show(shapes, check.shape)
    for solution in solutions:
        names = {}
        for name in ("this", "path", "value"):
            names[name] = to_rdflib(solution[name]) if _bound(solution, name) else None
        focus = names["this"]
        value = names["value"] if names["value"] is not None else (focus if check.path is None else None)
        path = _show(shapes, names["path"]) if names["path"] is not None else check.path
        fills = {"this": focus, "path": names["path"], "value": value}
        messages = list(shape_messages)
        for template in templates:
            text = template
            for var, term in fills.items():
                if term is not None:
                    text = re.sub("{[?$]%s}" % var, str(term).replace("\\", "\\\\"), text)
            messages.append(text)
        yield solution["this"], Result(
            severity=check.severity,
            focus_node=_focus_text(solution["this"]),
            focus_label=None,
            path=path,
            value=_show(shapes, value) if value is not None else None,
            message=sorted(messages)[0] if messages else _default_message(check),
            source_shape=source_shape,
            constraint=check.component,
        )


def _focus_text(term) -> str:
    """A focus node as validate.py writes it (blank nodes as ``_:id``)."""
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _bound(solution, name: str) -> bool:
    try:
        return solution[name] is not None
    except (KeyError, IndexError):
        return False


def _default_message(check: Check) -> str:
    name = check.component.removeprefix("sh:").removesuffix("ConstraintComponent")
    where = f" on {check.path}" if check.path else ""
    return f"{name} constraint not met{where}"


def _add_labels(store: FastStore, results: list[Result], focus_terms: list) -> None:
    """Each result's focus label, as validate.py gives it (one of the node's rdfs:labels)."""
    label = ox.NamedNode(str(RDFS.label))
    cache: dict = {}
    for result, node in zip(results, focus_terms):
        if node not in cache:
            labels = [] if isinstance(node, ox.Literal) else sorted(q.object.value for q in store.store.quads_for_pattern(node, label, None))
            cache[node] = labels[0] if labels else None
        result.focus_label = cache[node]


def _fallback(compiled: CompiledShapes, shapes: Graph, ontology, data_graph, store) -> list[Result]:
    from .validate import validate_graph

    partial = Graph()
    for prefix, namespace in shapes.namespaces():
        partial.bind(prefix, namespace)
    for triple in shapes:
        partial.add(triple)
    for shape in compiled.units:
        partial.set((shape, SH.deactivated, Literal(True)))
    data = data_graph() if data_graph is not None else store.to_rdflib()
    return validate_graph(data, partial, ontology if ontology is not None else Graph()).results


# ---------------------------------------------------------------------------------------------------- CLI


def validate_files(extra: list[Path] | None = None, store_dir: Path | None = None) -> ValidationReport:
    """``osaikg validate --fast``: the curated instances plus ``extra`` files, validated on Oxigraph.

    Files are streamed into the store by Oxigraph's parser (no size limit beyond the store's; N-Triples,
    N-Quads and Turtle of a Hub import work), each triple file into a graph named by its URI, so that
    each result names the file that describes its focus node (and the line, for Turtle, when there are
    at most :data:`LOCATE_LIMIT` results: locating reads the file once per result).
    """
    from . import paths
    from .load import load_ontology, load_shapes
    from .store import memory_graph
    from .validate import locate

    ontology, shapes = load_ontology(), load_shapes()
    store = FastStore(store_dir)
    store.add_graph(ontology, str(GRAPH.ontology))
    files = [Path(p) for p in paths.turtle_files(paths.instances_dir())] + list(extra or [])
    by_graph: dict[str, Path] = {}
    quad_files = []
    for path in files:
        if rdf_format(path) in QUAD_FORMATS:
            quad_files.append(path)
            store.load(path)
        else:
            name = path.resolve().as_uri()
            by_graph[name] = path
            store.load(path, graph=name)

    def data_graph() -> Graph:  # only for shapes the compiler leaves to pySHACL
        data = memory_graph()
        for quad in store.store.quads_for_pattern(None, None, None):
            if quad.graph_name != ox.NamedNode(str(GRAPH.ontology)):
                data.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        return data

    report = validate_store(store, shapes, ontology, data_graph=data_graph)
    prefixes = memory_graph()
    locate_lines = len(report.results) <= LOCATE_LIMIT
    for result in report.results:
        node = ox.NamedNode(result.focus_node) if "://" in result.focus_node else None
        graphs = sorted({q.graph_name.value for q in store.store.quads_for_pattern(node, None, None)
                         if isinstance(q.graph_name, ox.NamedNode)}) if node is not None else []
        path = next((by_graph[g] for g in graphs if g in by_graph), None)
        if path is None and len(quad_files) == 1 and graphs and graphs != [str(GRAPH.ontology)]:
            path = quad_files[0]
        if path is not None:
            result.file = str(path)
            if locate_lines and rdf_format(path) == ox.RdfFormat.TURTLE:
                result.line = locate(path, prefixes, result.focus_node)
    return report


LOCATE_LIMIT = 1000
