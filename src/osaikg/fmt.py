"""``osaikg fmt``: one canonical, deterministic Turtle form for the source files.

Protégé, rdflib and hand edits each write Turtle their own way; ``fmt`` rewrites a file from its graph
alone, so the same graph always gives the same bytes and a file saved by another tool comes back to
a clean diff. The form:

- the file's leading ``#`` comment block is kept, and so are comments above or inside a statement about a
  named subject (written above that subject's block); comments after data on a line are not kept;
- ``@prefix`` lines from :data:`osaikg.namespaces.PREFIXES`, only those used, sorted by prefix;
- ``owl:Ontology`` headers first, then named subjects sorted by IRI, then unreferenced blank nodes;
- ``a`` first, then predicates sorted by IRI; objects sorted; one object per line when several;
- blank nodes used once are written inline (``[ … ]``, RDF lists as ``( … )``), so their generated
  identifiers never reach the file; the rare shared or cyclic blank node gets a canonical label;
- ``"x"^^xsd:string`` is written ``"x"`` (the same literal in RDF 1.1).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import OWL, RDF

from . import paths
from .errors import OsaikgError
from .namespaces import PREFIXES
from .parse import parse_file
from .publish import rdf11_terms, write_atomic

INDENT = "    "
# A conservative, non-empty PN_LOCAL: what is written as prefix:local; anything else as <IRI>.
_LOCAL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")
_NAMESPACES = sorted(((str(ns), prefix) for prefix, ns in PREFIXES.items()), key=lambda item: -len(item[0]))


def default_paths() -> list[Path]:
    root = paths.project_root()
    return [root / "ontology", root / "shapes", root / "instances"]


def turtle_files(targets: list[Path]) -> list[Path]:
    files: list[Path] = []
    for target in targets:
        if target.is_dir():
            files.extend(paths.turtle_files(target))
        elif target.exists():
            files.append(target)
    return sorted(set(files))


def leading_comment(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.rstrip())
    return lines


_PREFIX_LINE = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.\-]*)?:\s*<([^>]*)>", re.IGNORECASE)


def subject_comments(text: str) -> dict[str, list[str]]:
    """Comments written above a statement, or inside it, keyed by the statement's subject IRI.

    fmt writes them back above that subject's block, so curators' notes survive. A comment that
    ends a line after data, or sits above a blank-node statement, is not kept.
    """
    prefixes: dict[str, str] = {}
    notes: dict[str, list[str]] = {}
    pending: list[str] = []
    subject: str | None = None
    lines = text.splitlines()
    start = len(leading_comment(text))
    for line in lines[start:]:
        stripped = line.strip()
        match = _PREFIX_LINE.match(line)
        if match:
            prefixes[match.group(1) or ""] = match.group(2)
            pending = []
            continue
        if not stripped:
            continue
        if stripped.startswith("#"):
            if line[0].isspace() and subject is not None:
                notes.setdefault(subject, []).append(stripped)
            else:
                pending.append(stripped)
            continue
        if line[0].isspace():
            continue
        token = stripped.split()[0].rstrip(";,.")
        if token.startswith("<") and token.endswith(">"):
            subject = token[1:-1]
        elif ":" in token and token.split(":", 1)[0] in prefixes:
            name, local = token.split(":", 1)
            subject = prefixes[name] + local
        else:
            subject = None
        if subject is not None and pending:
            notes.setdefault(subject, [])[:0] = pending
        pending = []
    return notes


def format_file(path: Path) -> str:
    """The canonical text of the Turtle file ``path``."""
    text = Path(path).read_text(encoding="utf-8")
    return format_graph(parse_file(Path(path)), leading_comment(text), subject_comments(text))


def format_graph(graph: Graph, comment: list[str] | None = None, notes: dict[str, list[str]] | None = None) -> str:
    return _Writer(graph).write(comment or [], notes or {})


@dataclass
class FmtResult:
    checked: list[Path]
    changed: list[Path]


def fmt(targets: list[Path] | None = None, check: bool = False) -> FmtResult:
    """Format the Turtle files under ``targets`` (default: ontology/, shapes/, instances/).

    With ``check``, write nothing and report the files that would change.
    """
    files = turtle_files(targets or default_paths())
    changed = []
    for path in files:
        old = path.read_bytes()
        new = format_file(path).encode("utf-8")
        if new != old:
            changed.append(path)
            if not check:
                write_atomic(path, new)
    return FmtResult(checked=files, changed=changed)


class _Writer:
    def __init__(self, graph: Graph):
        graph = rdf11_terms(graph)
        refs = _object_refs(graph)
        if any(count > 1 for count in refs.values()):
            # A blank node used twice needs a label: take rdflib's canonical (content-derived) one.
            graph = to_canonical_graph(graph)
            refs = _object_refs(graph)
        self.graph = graph
        self.used: dict[str, str] = {}
        self.inline = {node for node, count in refs.items() if count == 1}
        self.lists = {node for node in self.inline if self._list_items(node) is not None}
        self.emitted: set[BNode] = set()

    # -- terms -------------------------------------------------------------------------------
    def iri(self, iri: URIRef) -> str:
        text = str(iri)
        for namespace, prefix in _NAMESPACES:
            if text.startswith(namespace) and _LOCAL.match(text[len(namespace):]):
                self.used[prefix] = namespace
                return f"{prefix}:{text[len(namespace):]}"
        return iri.n3()

    def literal(self, literal: Literal) -> str:
        return literal._literal_n3(use_plain=True, qname_callback=lambda uri: self.iri(URIRef(uri)))  # noqa: SLF001

    def term(self, node, depth: int) -> str:
        if isinstance(node, URIRef):
            return self.iri(node)
        if isinstance(node, Literal):
            return self.literal(node)
        if node in self.lists:
            nodes = self._list_nodes(node)
            self.emitted.update(nodes)
            items = [self.graph.value(n, RDF.first) for n in nodes]
            return "( " + " ".join(self.term(item, depth) for item in items) + " )"
        if node in self.inline and node not in self.emitted:
            self.emitted.add(node)
            body = self.predicate_list(node, depth + 1)
            if not body:
                return "[]"
            return "[\n" + body + "\n" + INDENT * depth + "]"
        return f"_:{node}"

    # -- lists -------------------------------------------------------------------------------
    def _list_nodes(self, head: BNode) -> list[BNode]:
        nodes, node = [], head
        while node != RDF.nil:
            nodes.append(node)
            node = self.graph.value(node, RDF.rest)
        return nodes

    def _list_items(self, head) -> list | None:
        """The items of a well-formed RDF list whose nodes are used only by the list, else None."""
        items, node, seen = [], head, set()
        while node != RDF.nil:
            if not isinstance(node, BNode) or node in seen or node not in self.inline:
                return None
            seen.add(node)
            if sorted(p for p, _o in self.graph.predicate_objects(node)) != [RDF.first, RDF.rest]:
                return None
            items.append(self.graph.value(node, RDF.first))
            node = self.graph.value(node, RDF.rest)
        return items

    # -- statements --------------------------------------------------------------------------
    def predicate_list(self, subject, depth: int) -> str:
        predicates = sorted(set(self.graph.predicates(subject)), key=lambda p: (p != RDF.type, str(p)))
        lines = []
        for predicate in predicates:
            verb = "a" if predicate == RDF.type else self.iri(predicate)
            objects = [self.term(o, depth) for o in self._sorted_objects(subject, predicate, depth)]
            if len(objects) == 1:
                lines.append(f"{INDENT * depth}{verb} {objects[0]}")
            else:
                inner = INDENT * (depth + 1)
                lines.append(f"{INDENT * depth}{verb}\n" + " ,\n".join(inner + o for o in objects))
        return " ;\n".join(lines)

    def _sorted_objects(self, subject, predicate, depth: int) -> list:
        objects = list(self.graph.objects(subject, predicate))
        if len(objects) < 2:
            return objects

        def key(node):
            # Sort by rendered text, which never shows a generated blank-node identifier; render on a
            # scratch copy so that sorting marks nothing as written.
            scratch = _Writer.__new__(_Writer)
            scratch.__dict__.update(self.__dict__)
            scratch.used, scratch.emitted = {}, set(self.emitted)
            return (isinstance(node, BNode), isinstance(node, Literal), scratch.term(node, depth + 1))

        return sorted(objects, key=key)

    def statement(self, subject) -> str:
        body = self.predicate_list(subject, 1)
        if isinstance(subject, BNode) and subject not in _object_refs(self.graph):
            return "[\n" + body + "\n] ."
        return f"{self.term(subject, 0)}\n{body} ."

    def write(self, comment: list[str], notes: dict[str, list[str]]) -> str:
        graph = self.graph
        subjects = set(graph.subjects())
        ontologies = sorted((s for s in graph.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef)), key=str)
        named = sorted((s for s in subjects if isinstance(s, URIRef) and s not in ontologies), key=str)
        blocks = ["\n".join(notes.get(str(s), []) + [self.statement(s)]) for s in ontologies + named]
        # Blank nodes nobody refers to (owl:AllDisjointClasses, owl:AllDifferent…), then shared ones
        # (canonically labelled): each sorted by its text.
        rest = [s for s in subjects if isinstance(s, BNode) and s not in self.inline]
        blocks += sorted(self.statement(s) for s in rest)
        left = sorted(str(s) for s in subjects if isinstance(s, BNode) and s in self.inline and s not in self.emitted)
        if left:
            raise OsaikgError(f"fmt: blank nodes in a cycle cannot be written canonically: {', '.join(left[:5])}")
        prefixes = [f"@prefix {p}: <{ns}> ." for p, ns in sorted(self.used.items())]
        parts = ["\n".join(comment)] if comment else []
        if prefixes:
            parts.append("\n".join(prefixes))
        parts.extend(blocks)
        return "\n\n".join(parts) + "\n"


def _object_refs(graph: Graph) -> dict[BNode, int]:
    refs: dict[BNode, int] = {}
    for _s, _p, o in graph:
        if isinstance(o, BNode):
            refs[o] = refs.get(o, 0) + 1
    return refs

