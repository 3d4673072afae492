"""Resource pages: one static HTML page per curated resource, and an index by class, in ``html/``.

A resource ``https://w3id.org/osaikg/id/<kind>/<slug>`` gets ``html/id/<kind>/<slug>.html``: its label,
types, properties (linked), incoming links, sources, and its description as embedded JSON-LD.
Pages link to each other and to ``html/assets/style.css`` by relative paths, and load nothing from
elsewhere, so they work offline, from a plain file server, and behind ``osaikg serve`` (which serves
the same page at the resource's own path, ``/id/<kind>/<slug>``).
"""
from __future__ import annotations

import html
import posixpath
import re
from collections import defaultdict
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from .namespaces import GRAPH, ID
from .output import compact
from .publish import named_graphs, serialize, write_atomic
from .store import memory_graph

HTML_DIR = "html"
ASSETS = Path(__file__).parent / "assets"
STYLE = "style.css"
_PATH = re.compile(r"^[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$")


def page_path(iri) -> str | None:
    """The page of an instance IRI, relative to ``html/`` (``id/model/bloom.html``), or None."""
    iri = str(iri)
    if not iri.startswith(str(ID)):
        return None
    rest = iri[len(str(ID)) :]
    if not _PATH.match(rest) or ".." in rest.split("/"):
        return None
    return f"id/{rest}.html"


def _href(from_page: str, to_page: str) -> str:
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


class Pages:
    """Renders the pages of one graph; labels come from the graph and the ontology."""

    def __init__(self, data: Graph, ontology: Graph):
        self.data = data
        self.labels: dict = {}
        for graph in (ontology, data):
            for s, label in graph.subject_objects(RDFS.label):
                if s not in self.labels or getattr(label, "language", None) == "en":
                    self.labels[s] = str(label)
        self.resources = sorted(
            {s for s in data.subjects() if isinstance(s, URIRef) and page_path(s)}, key=lambda s: str(s)
        )
        self.has_page = set(self.resources)

    def label(self, term) -> str:
        return self.labels.get(term) or compact(term)

    def _term(self, term, page: str) -> str:
        """A value as HTML: linked label for our resources, link for other IRIs, text for literals."""
        if isinstance(term, Literal):
            text = html.escape(str(term))
            note = f"@{term.language}" if term.language else (compact(term.datatype) if term.datatype else "")
            return f'{text} <span class="note">{html.escape(note)}</span>' if note else text
        if isinstance(term, URIRef):
            if term in self.has_page:
                return f'<a href="{html.escape(_href(page, page_path(term)))}">{html.escape(self.label(term))}</a>'
            if term in self.labels or compact(term) != str(term):  # the project's own terms: no external link
                return f'<span title="{html.escape(str(term))}">{html.escape(self.label(term))}</span>'
            if str(term).startswith(("http://", "https://")):
                return f'<a class="external" href="{html.escape(str(term))}">{html.escape(str(term))}</a>'
            return html.escape(compact(term))
        return html.escape(str(term))  # a blank node: curated data has none

    def _rows(self, pairs, page: str) -> str:
        by_predicate = defaultdict(list)
        for p, value in pairs:
            by_predicate[p].append(value)
        rows = []
        for p in sorted(by_predicate, key=lambda p: (self.label(p).lower(), str(p))):
            values = sorted(by_predicate[p], key=lambda v: (self.label(v).lower(), str(v)))
            cells = "".join(f"<li>{self._term(v, page)}</li>" for v in values)
            name = html.escape(self.label(p))
            note = f' <span class="note">{html.escape(compact(p))}</span>' if self.label(p) != compact(p) else ""
            rows.append(
                f'<tr><th scope="row"><span title="{html.escape(str(p))}">{name}</span>{note}</th>'
                f"<td><ul>{cells}</ul></td></tr>"
            )
        return "<table>" + "".join(rows) + "</table>"

    def page(self, resource: URIRef) -> str:
        page = page_path(resource)
        root = _href(page, "index.html").removesuffix("index.html") or "./"
        description = Graph()  # no prefix table: JSON-LD is written with full IRIs
        for p, o in self.data.predicate_objects(resource):
            description.add((resource, p, o))
        jsonld = serialize(description, "jsonld").decode("utf-8").replace("</", "<\\/").replace("<!--", "<\\!--")
        types = sorted(self.data.objects(resource, RDF.type), key=lambda t: self.label(t))
        type_links = ", ".join(
            f'<a href="{html.escape(root)}index.html#{html.escape(_anchor(t))}">{html.escape(self.label(t))}</a>'
            for t in types
        )
        shown_above = (RDF.type, DCTERMS.source, RDFS.label, SKOS.altLabel)
        outgoing = [(p, o) for p, o in self.data.predicate_objects(resource) if p not in shown_above]
        incoming = [(p, s) for s, p in self.data.subject_predicates(resource)]
        sources = sorted(self.data.objects(resource, DCTERMS.source), key=str)
        alt = sorted(str(a) for a in self.data.objects(resource, SKOS.altLabel))
        parts = [
            f"<h1>{html.escape(self.label(resource))}</h1>",
            f'<p class="iri"><code>{html.escape(str(resource))}</code></p>',
            f"<p>Type: {type_links or 'none'}</p>",
        ]
        if alt:
            parts.append(f"<p>Also known as: {html.escape(', '.join(alt))}</p>")
        parts.append('<section id="properties"><h2>Properties</h2>' + self._rows(outgoing, page) + "</section>")
        parts.append(
            '<section id="incoming"><h2>Incoming links</h2>'
            + (self._rows(incoming, page) if incoming else "<p>None.</p>")
            + "</section>"
        )
        items = "".join(f"<li>{self._term(s, page)}</li>" for s in sources)
        parts.append(f'<section id="sources"><h2>Sources</h2><ul>{items}</ul></section>')
        return _document(
            self.label(resource), root, "\n".join(parts), head=f'<script type="application/ld+json">\n{jsonld}</script>'
        )

    def index(self) -> str:
        by_class = defaultdict(list)
        for resource in self.resources:
            for cls in self.data.objects(resource, RDF.type):
                by_class[cls].append(resource)
        sections = []
        toc = []
        for cls in sorted(by_class, key=lambda c: (self.label(c).lower(), str(c))):
            members = sorted(by_class[cls], key=lambda r: (self.label(r).lower(), str(r)))
            items = "".join(f"<li>{self._term(r, 'index.html')}</li>" for r in members)
            anchor = html.escape(_anchor(cls))
            toc.append(f'<li><a href="#{anchor}">{html.escape(self.label(cls))}</a> ({len(members)})</li>')
            sections.append(
                f'<section id="{anchor}"><h2>{html.escape(self.label(cls))} '
                f'<span class="note">{html.escape(compact(cls))}</span></h2><ul>{items}</ul></section>'
            )
        body = (
            "<h1>The Open Source AI Knowledge Graph</h1>"
            f"<p>{len(self.resources)} curated resources by class. The whole graph: "
            '<a href="../osaikg.ttl">Turtle</a>, <a href="../osaikg.nt.gz">N-Triples</a>, '
            '<a href="../osaikg.jsonld">JSON-LD</a>, <a href="../osaikg.nq.gz">N-Quads</a> (every named graph), '
            '<a href="../void.ttl">its description (VoID, DCAT)</a>. '
            'Served by <code>osaikg serve</code>, the graph answers SPARQL at <a href="sparql">sparql</a>.</p>'
            f'<nav><ul class="toc">{"".join(toc)}</ul></nav>' + "".join(sections)
        )
        return _document("Index", "./", body)


def _anchor(cls) -> str:
    return "class-" + re.sub(r"[^A-Za-z0-9_-]", "-", compact(cls))


def _document(title: str, root: str, body: str, head: str = "") -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)} · osaikg</title>\n"
        f'<link rel="stylesheet" href="{html.escape(root)}assets/{STYLE}">\n'
        f"{head}\n</head>\n<body>\n"
        f'<header><a href="{html.escape(root)}index.html">osaikg</a> · the Open Source AI Knowledge Graph</header>\n'
        f"<main>\n{body}\n</main>\n"
        '<footer>Data: CC BY 4.0. Every fact carries its source.</footer>\n'
        "</body>\n</html>\n"
    )


def publish_pages(kg, out: Path) -> list[Path]:
    """``html/``: a page per resource of the curated graph, the index by class, the stylesheet."""
    root = Path(out) / HTML_DIR
    graphs = named_graphs(kg.dataset)
    curated = graphs.get(str(GRAPH.curated), memory_graph())
    pages = Pages(curated, graphs.get(str(GRAPH.ontology), kg.ontology))
    written = []
    for resource in pages.resources:
        path = root / page_path(resource)
        write_atomic(path, pages.page(resource).encode("utf-8"), durable=False)  # the release folder is renamed in whole
        written.append(path)
    write_atomic(root / "index.html", pages.index().encode("utf-8"))
    write_atomic(root / "assets" / STYLE, (ASSETS / STYLE).read_bytes())
    return [*written, root / "index.html", root / "assets" / STYLE]
