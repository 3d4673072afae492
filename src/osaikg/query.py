"""Stage 4, query: the named SPARQL queries of ``queries/*.rq`` and ad-hoc queries.

A query file starts with a header the tools read::

    # title: Projects that spun out of a project
    # description: ...
    # param: project — the parent project (iri, example: BigScience)

Parameters are bound by the engine (Oxigraph substitutions through rdflib's ``initBindings``),
never pasted into the query text. Oxigraph binds only variables the query projects, so every
parameter must appear in the SELECT clause (``load_query`` checks it). A parameter of type ``iri``
takes an IRI, a prefixed name (``id:project/bigscience``) or a label (``BigScience``), which is
resolved to the resources carrying that label (``rdfs:label``, ``skos:prefLabel`` or ``skos:altLabel``,
case-insensitively). A label that names nothing gives no rows; one that names several resources is an error.

An optional parameter (``optional`` in its spec) that is not given stays an unbound variable, so the
query must use it only in required triple patterns (never inside OPTIONAL, never with BOUND()):
unbound, it matches everything; bound, it filters.

Depth of a lineage. SPARQL property paths say whether a node is reachable, not how far, and cannot
follow "every subproperty of osai:derivedFrom" transitively (a path cannot have a variable predicate).
A query whose header has a line ``# walk: DIRECTION ROOT CHILD PARENT`` therefore returns the *edges*
(one row per CHILD → PARENT step, each with its kind) and :func:`walk` keeps the edges reachable from
the bound parameter ROOT, breadth first, and adds a ``depth`` column: the shortest number of steps
from ROOT (``down``: towards children; ``up``: towards parents; ``both``: children get positive
depths, parents negative). Counting intermediate nodes instead would be wrong as soon as a model has
two parents in the same lineage (a merge), so the walk is done here, in Python.
"""
from __future__ import annotations

import gc
import re
from collections import deque
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result

from . import paths
from .errors import QueryError
from .namespaces import PREFIXES
from .sparql_guard import check_query

PARAM_TYPES = {"iri", "string", "integer", "decimal", "date", "boolean"}
_HEADER = re.compile(r"^#\s*(title|description|param|walk):\s*(.*)$")
WALK_DIRECTIONS = ("down", "up", "both")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?:—|--|-)\s*(?P<meaning>.*?)\s*(?:\((?P<spec>[^()]*)\))?\s*$")

# Labels a parameter value may name a resource by.
LABEL_LOOKUP = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?resource ?label WHERE {
  VALUES ?property { rdfs:label skos:prefLabel skos:altLabel }
  ?resource ?property ?name .
  FILTER(isIRI(?resource) && LCASE(STR(?name)) = LCASE(STR(?label)))
}
"""


@dataclass
class Param:
    name: str
    meaning: str
    type: str = "iri"
    example: str | None = None
    optional: bool = False

    def describe(self) -> str:
        extra = f", example: {self.example}" if self.example else ""
        return f"{self.name} — {self.meaning} ({self.type}{', optional' if self.optional else ''}{extra})"


@dataclass
class Walk:
    """``# walk: DIRECTION ROOT CHILD PARENT``: rows are CHILD → PARENT edges, walked from parameter ROOT."""

    direction: str
    root: str
    child: str
    parent: str


@dataclass
class NamedQuery:
    name: str
    text: str
    title: str = ""
    description: str = ""
    params: list[Param] = field(default_factory=list)
    path: Path | None = None
    walk: Walk | None = None

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def parse_header(name: str, text: str, path: Path | None = None) -> NamedQuery:
    query = NamedQuery(name=name, text=text, path=path)
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key == "title":
            query.title = value.strip()
        elif key == "description":
            query.description = (query.description + " " + value.strip()).strip()
        elif key == "walk":
            query.walk = _parse_walk(value, path or name)
        else:
            query.params.append(_parse_param(value, path or name))
    return query


def _parse_walk(value: str, where) -> Walk:
    parts = value.split()
    if len(parts) != 4 or parts[0] not in WALK_DIRECTIONS:
        raise QueryError(f"{where}: cannot read walk line {value!r} (expected 'down|up|both ROOT CHILD PARENT')")
    return Walk(*parts)


def _parse_param(value: str, where) -> Param:
    match = _PARAM.match(value.strip())
    if not match:
        raise QueryError(f"{where}: cannot read parameter line {value!r} (expected 'NAME — meaning (type, example: …)')")
    param = Param(name=match["name"], meaning=match["meaning"])
    for part in (s.strip() for s in (match["spec"] or "").split(",")):
        if part in PARAM_TYPES:
            param.type = part
        elif part == "optional":
            param.optional = True
        elif part.startswith("example"):
            param.example = part.split(":", 1)[-1].strip()
    return param


def load_query(path: Path, check: bool = True) -> NamedQuery:
    """A query file with its header; ``check=False`` skips the SPARQL parse (headers only, for listings)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise QueryError(f"{path}: cannot read query: {err.strerror}")
    query = parse_header(path.stem, text, path)
    if check:
        check_syntax(query)
    return query


@lru_cache(maxsize=256)
def parse_checked(text: str, name: str):
    """``sparql_guard.check_query``, once per query text: rdflib's parser takes 0.1-0.3 s on a long
    query, which a script asking the same question for many models would otherwise pay each time.
    (The parse tree is only read, never changed.)"""
    return check_query(text, name)


def check_syntax(query: NamedQuery) -> None:
    parsed = parse_checked(query.text, str(query.path or query.name))
    projected = _projected_variables(parsed)
    if projected is not None:
        missing = [p.name for p in query.params if p.name not in projected]
        if missing:
            raise QueryError(
                f"{query.path or query.name}: parameter(s) {', '.join(missing)} must be projected by the SELECT "
                "clause (the engine binds only projected variables)"
            )
    if query.walk is not None:
        walk = query.walk
        if query.param(walk.root) is None:
            raise QueryError(f"{query.path or query.name}: the walk starts at {walk.root!r}, which is not a parameter")
        absent = [c for c in (walk.child, walk.parent) if projected is None or c not in projected]
        if absent:
            raise QueryError(f"{query.path or query.name}: the walk needs projected column(s) {', '.join(absent)}")


def _projected_variables(parsed) -> list[str] | None:
    """Variables a SELECT projects, in order; None when it projects all (SELECT *) or is not a SELECT."""
    body = parsed[1]
    if body.name != "SelectQuery" or "projection" not in body:
        return None
    names = []
    for item in body["projection"]:
        var = item.get("var") or item.get("evar")
        if var is not None:
            names.append(str(var))
    return names


def result_columns(query: NamedQuery, parsed=None) -> list[str]:
    """The columns a query's answer has (for an empty answer that never reached the engine)."""
    projected = _projected_variables(parsed if parsed is not None else parse_checked(query.text, query.name)) or []
    return projected + (["depth"] if query.walk else [])


def named_queries(directory: Path | None = None, check: bool = True) -> dict[str, NamedQuery]:
    directory = directory or paths.queries_dir()
    return {path.stem: load_query(path, check) for path in sorted(directory.glob("*.rq"))}


def find_query(name_or_file: str) -> NamedQuery:
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.is_file():
        return load_query(path)
    candidate = paths.queries_dir() / f"{name_or_file}.rq"
    if candidate.is_file():
        return load_query(candidate)
    known = ", ".join(sorted(p.stem for p in paths.queries_dir().glob("*.rq"))) or "(none)"
    raise QueryError(f"no query named {name_or_file!r}; known queries: {known}")


def bind_parameters(query: NamedQuery, values: dict[str, object], resolve_label) -> dict[str, object] | None:
    """Turn user values into RDF terms. Returns None when a label matches nothing (no rows).

    A value that already is an rdflib term (``URIRef``, ``Literal``) is bound as it is."""
    unknown = sorted(set(values) - {p.name for p in query.params})
    if unknown:
        raise QueryError(f"query {query.name!r} has no parameter {', '.join(unknown)}; {_signature(query)}")
    missing = [p.name for p in query.params if not p.optional and p.name not in values]
    if missing:
        raise QueryError(f"query {query.name!r} needs parameter {', '.join(missing)}; {_signature(query)}")
    bindings: dict[str, object] = {}
    for name, value in values.items():
        param = query.param(name)
        assert param is not None
        if isinstance(value, (URIRef, Literal)):
            bindings[name] = value
            continue
        value = str(value)
        if param.type == "iri":
            term = _as_iri(value) or resolve_label(value)
            if term is None:
                return None
        else:
            term = _as_literal(param, value)
        bindings[name] = term
    return bindings


def _signature(query: NamedQuery) -> str:
    if not query.params:
        return "it takes no parameters"
    return "its parameters: " + "; ".join(p.describe() for p in query.params)


def _as_iri(value: str) -> URIRef | None:
    if re.match(r"^[a-z][a-z0-9+.-]*://\S+$", value, re.IGNORECASE):
        return URIRef(value)
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and re.match(r"^[^\s<>\"{}|\\^`]*$", local):
        return PREFIXES[prefix][local]
    return None


def _as_literal(param: Param, value: str) -> Literal:
    datatype = {"integer": XSD.integer, "decimal": XSD.decimal, "date": XSD.date, "boolean": XSD.boolean}.get(param.type)
    literal = Literal(value, datatype=datatype)
    if datatype is not None and literal.ill_typed:
        raise QueryError(f"parameter {param.name} must be {param.type}, not {value!r}")
    return literal


def rows(result: Result, max_rows: int | None = None) -> tuple[list[str], list[tuple]]:
    """Column names and rows of a result: SELECT rows, one boolean for ASK, triples for CONSTRUCT/DESCRIBE.

    More than ``max_rows`` rows is an error, never a silently truncated answer.
    """
    if result.type == "ASK":
        return ["result"], [(Literal(bool(result.askAnswer)),)]
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        columns = ["subject", "predicate", "object"]
    else:
        columns = [str(v) for v in result.vars or []]
    values = []
    for row in result:
        values.append(tuple(row))
        if max_rows is not None and len(values) > max_rows:
            break
    else:
        return columns, values
    # Oxigraph's result iterator must be dropped in the thread that made it, not by a traceback elsewhere.
    del result, row
    gc.collect()  # rdflib's Result sits in a reference cycle: collect it here, in this thread
    raise QueryError(f"the query returned more than {max_rows} rows; add a LIMIT (or raise OSAIKG_MAX_ROWS)")


def postprocess(query: NamedQuery, bindings: dict[str, object], columns: list[str], values: list[tuple]):
    """The answer as the user sees it: a ``# walk:`` query's edges walked from its root, with depths."""
    if query.walk is None:
        return columns, values
    return columns + ["depth"], walk(query.walk, bindings[query.walk.root], columns, values)


def walk(spec: Walk, root, columns: list[str], values: list[tuple]) -> list[tuple]:
    """Keep the CHILD → PARENT edges reachable from ``root`` and append each one's depth.

    Breadth first, so a node's depth is the length of its *shortest* path from the root, whatever
    other paths (merges, several parents) lead to it. A ``down`` edge's depth is its child's, an
    ``up`` edge's is its parent's (negative in a ``both`` walk). Rows come out by depth, and in the
    query's own order within one depth; duplicate rows (one triple in two named graphs) come out once.
    """
    child_at, parent_at = columns.index(spec.child), columns.index(spec.parent)
    unique = list(dict.fromkeys(values))
    answer: list[tuple[int, int, tuple]] = []
    if spec.direction in ("down", "both"):
        answer += _reach(unique, root, frm=parent_at, to=child_at, sign=1)
    if spec.direction in ("up", "both"):
        answer += _reach(unique, root, frm=child_at, to=parent_at, sign=-1 if spec.direction == "both" else 1)
    answer.sort(key=lambda item: (item[0], item[1]))
    return [row + (Literal(depth),) for depth, _, row in answer]


def _reach(rows: list[tuple], root, frm: int, to: int, sign: int) -> list[tuple[int, int, tuple]]:
    edges: dict[object, list[tuple[int, tuple]]] = {}
    for index, row in enumerate(rows):
        edges.setdefault(row[frm], []).append((index, row))
    depth = {root: 0}
    queue = deque([root])
    kept = []
    while queue:
        node = queue.popleft()
        for index, row in edges.get(node, []):
            target = row[to]
            if target not in depth:
                depth[target] = depth[node] + 1
                queue.append(target)
            kept.append((index, row))
    return [(sign * depth[row[to]], index, row) for index, row in kept]
