"""The ontology's release files: ``dist/ontology/osaikg.{ttl,owl,owx,jsonld}`` and ``index.html``.

The release is the edit file with its imports merged into one self-contained ontology (like ODK's
"full" release): one ``owl:Ontology`` header, no ``owl:imports``, so every tool opens it offline.
Turtle, RDF/XML and JSON-LD come from :func:`osaikg.publish.serialize`; OWL/XML from py-horned-owl
(rdflib and owlready2 cannot write it); the HTML documentation from :func:`documentation`, a small
generator of our own: pyLODE 3.3.4 runs on Python 3.11 but lists union members in a different order
on every run, and a release must be byte-for-byte reproducible.
"""
from __future__ import annotations

import html
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from .namespaces import ONTOLOGY_IRI, OSAI
from .publish import serialize, write_atomic, write_graph

FORMATS = ("ttl", "owl", "owx", "jsonld")


def release_graph(ontology: Graph) -> Graph:
    """The ontology with its imports merged: only our header remains, without ``owl:imports``."""
    release = Graph()
    ours = URIRef(ONTOLOGY_IRI)
    headers = set(ontology.subjects(RDF.type, OWL.Ontology)) - {ours}
    for s, p, o in ontology:
        if s in headers or p == OWL.imports:
            continue
        release.add((s, p, o))
    return release


def owx(graph: Graph) -> bytes:
    """OWL/XML, written by py-horned-owl from the RDF/XML of ``graph``."""
    import pyhornedowl

    ontology = pyhornedowl.open_ontology_from_string(serialize(graph, "owl").decode("utf-8"), "owl")
    return ontology.save_to_string("owx").encode("utf-8")


def owx_to_graph(data: str) -> Graph:
    """Read OWL/XML back into rdflib (through py-horned-owl's RDF/XML writer): for checks and tests."""
    import pyhornedowl

    rdfxml = pyhornedowl.open_ontology_from_string(data, "owx").save_to_string("owl")
    return Graph().parse(data=rdfxml, format="xml")


def publish_ontology(kg, out: Path) -> list[Path]:
    """Write the ontology release under ``out/ontology/``; return the files written."""
    folder = Path(out) / "ontology"
    release = release_graph(kg.ontology)
    files = []
    for fmt in FORMATS:
        path = folder / f"osaikg.{fmt}"
        if fmt == "owx":
            write_atomic(path, owx(release))
            files.append(path)
        else:
            files.append(write_graph(release, path))
    page = folder / "index.html"
    write_atomic(page, documentation(release).encode("utf-8"))
    files.append(page)
    return files


# -- HTML documentation ------------------------------------------------------------------------

_SECTIONS = (
    ("classes", "Classes", OWL.Class),
    ("object-properties", "Object properties", OWL.ObjectProperty),
    ("datatype-properties", "Datatype properties", OWL.DatatypeProperty),
    ("annotation-properties", "Annotation properties", OWL.AnnotationProperty),
)


class _Doc:
    def __init__(self, graph: Graph):
        self.g = graph

    def own(self, kind) -> list[URIRef]:
        return sorted((s for s in self.g.subjects(RDF.type, kind) if isinstance(s, URIRef) and s.startswith(str(OSAI))), key=str)

    def label(self, node) -> str:
        value = self.g.value(node, RDFS.label)
        if value is not None:
            return str(value)
        if isinstance(node, URIRef):
            name = self.g.namespace_manager.normalizeUri(node)
            return str(node) if name.startswith("<") else name
        return str(node)

    def link(self, node) -> str:
        if isinstance(node, BNode):
            return self.expression(node)
        if isinstance(node, Literal):
            return html.escape(str(node))
        text = html.escape(self.label(node))
        if str(node).startswith(str(OSAI)):
            return f'<a href="#{html.escape(node[len(OSAI):])}">{text}</a>'
        return f'<a href="{html.escape(str(node))}">{text}</a>'

    def expression(self, node: BNode) -> str:
        for prop, word in ((OWL.unionOf, " or "), (OWL.intersectionOf, " and ")):
            members = self.g.value(node, prop)
            if members is not None:
                return "(" + word.join(self.link(m) for m in Collection(self.g, members)) + ")"
        members = self.g.value(node, OWL.oneOf)
        if members is not None:
            return "one of {" + ", ".join(self.link(m) for m in Collection(self.g, members)) + "}"
        return "(an anonymous class expression)"

    def values(self, subject, prop) -> list[str]:
        return sorted(self.link(o) for o in self.g.objects(subject, prop))

    def inverse(self, obj, prop) -> list[str]:
        return sorted(self.link(s) for s in self.g.subjects(prop, obj) if isinstance(s, URIRef))

    def term(self, node: URIRef) -> str:
        rows = [("IRI", f"<code>{html.escape(str(node))}</code>")]
        definition = self.g.value(node, SKOS.definition)
        facts = [
            ("Superclasses", self.values(node, RDFS.subClassOf)),
            ("Subclasses", self.inverse(node, RDFS.subClassOf)),
            ("Equivalent to", self.values(node, OWL.equivalentClass)),
            ("Disjoint with", sorted(set(self.values(node, OWL.disjointWith)) | set(self.inverse(node, OWL.disjointWith)))),
            ("Super-properties", self.values(node, RDFS.subPropertyOf)),
            ("Sub-properties", self.inverse(node, RDFS.subPropertyOf)),
            ("Domain", self.values(node, RDFS.domain)),
            ("Range", self.values(node, RDFS.range)),
            ("Members", self.inverse(node, RDF.type) if (node, RDF.type, OWL.Class) in self.g else []),
            ("Sources", self.values(node, DCTERMS.source)),
            ("Comment", self.values(node, RDFS.comment)),
        ]
        rows += [(name, ", ".join(values)) for name, values in facts if values]
        body = "".join(f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in rows)
        anchor = html.escape(node[len(OSAI):])
        text = f"<p>{html.escape(str(definition))}</p>" if definition is not None else ""
        return f'<section class="term" id="{anchor}"><h3>{html.escape(self.label(node))}</h3>{text}<table>{body}</table></section>\n'

    def scheme(self, scheme: URIRef) -> str:
        concepts = sorted((c for c in self.g.subjects(SKOS.inScheme, scheme)), key=lambda c: self.label(c).lower())
        items = "".join(
            f'<li id="{html.escape(c[len(OSAI):])}"><strong>{html.escape(self.label(c))}</strong> '
            f"<code>osai:{html.escape(c[len(OSAI):])}</code>: {html.escape(str(self.g.value(c, SKOS.definition) or ''))}"
            + (f" (broader: {self.link(self.g.value(c, SKOS.broader))})" if self.g.value(c, SKOS.broader) else "")
            + "</li>"
            for c in concepts
        )
        definition = html.escape(str(self.g.value(scheme, SKOS.definition) or ""))
        anchor = html.escape(scheme[len(OSAI):])
        return f'<section class="term" id="{anchor}"><h3>{html.escape(self.label(scheme))}</h3><p>{definition}</p><ul>{items}</ul></section>\n'


def documentation(graph: Graph) -> str:
    """One self-contained HTML page documenting every term of the ontology, in a stable order."""
    doc = _Doc(graph)
    ontology = URIRef(ONTOLOGY_IRI)
    title = html.escape(str(graph.value(ontology, DCTERMS.title) or "osaikg ontology"))
    header = [
        ("IRI", f"<code>{ONTOLOGY_IRI}</code>"),
        ("Version IRI", f"<code>{html.escape(str(graph.value(ontology, OWL.versionIRI)))}</code>"),
        ("Version", html.escape(str(graph.value(ontology, OWL.versionInfo)))),
        ("Licence", doc.link(graph.value(ontology, DCTERMS.license))),
        ("Creators", ", ".join(doc.values(ontology, DCTERMS.creator))),
        ("Sources", ", ".join(doc.values(ontology, DCTERMS.source))),
        ("Preferred prefix", "<code>osai:</code>"),
    ]
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        f"<title>{title}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
        "th{text-align:left;vertical-align:top;padding-right:1rem;white-space:nowrap}section.term{border-top:1px solid #ddd}"
        "code{font-size:.9em}nav li{display:inline;margin-right:.6rem}</style></head><body>\n",
        f"<h1>{title}</h1>\n<p>{html.escape(str(graph.value(ontology, DCTERMS.description) or ''))}</p>\n<table>",
        "".join(f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in header),
        "</table>\n",
    ]
    sections = [(anchor, name, doc.own(kind)) for anchor, name, kind in _SECTIONS]
    schemes = doc.own(SKOS.ConceptScheme)
    for anchor, name, terms in sections:
        links = "".join(f'<li><a href="#{html.escape(t[len(OSAI):])}">{html.escape(doc.label(t))}</a></li>' for t in terms)
        parts.append(f'<h2 id="{anchor}">{name}</h2>\n<nav><ul>{links}</ul></nav>\n')
        parts.extend(doc.term(t) for t in terms)
    parts.append('<h2 id="concept-schemes">Concept schemes</h2>\n')
    parts.extend(doc.scheme(s) for s in schemes)
    parts.append("</body></html>\n")
    return "".join(parts)
