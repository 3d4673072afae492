"""Round trips Turtle ↔ N-Triples ↔ JSON-LD ↔ RDF/XML ↔ the Oxigraph store, with odd IRIs and literals.

The project's writer (publish.serialize) and reader (parse.parse_bytes) must agree with each other
and with pyoxigraph, including control characters and non-ASCII IRIs.
"""
import pyoxigraph
import pytest
from hypothesis import example, given, settings, strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from osaikg.errors import OsaikgError
from osaikg.parse import parse_bytes
from osaikg.publish import rdf11_terms, serialize
from osaikg.store import new_dataset

IRI_CHARS = st.characters(blacklist_characters='<>"{}|^`\\ ', blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp"))


def _valid_iri(iri: str) -> bool:
    try:
        pyoxigraph.NamedNode(iri)
    except ValueError:
        return False
    return True


iris = st.builds(lambda path: URIRef("https://w3id.org/osaikg/id/model/" + path), st.text(IRI_CHARS, min_size=1, max_size=12)).filter(_valid_iri)
strings = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
literals = st.one_of(
    strings.map(Literal),
    st.builds(lambda s, lang: Literal(s, lang=lang), strings, st.sampled_from(["en", "fr", "pt-BR", "zh-Hant-TW"])),
    st.integers().map(lambda i: Literal(i, datatype=XSD.integer)),
    st.booleans().map(Literal),
)
triples = st.tuples(iris, st.sampled_from([URIRef("https://w3id.org/osaikg/ontology#p"), URIRef("https://w3id.org/osaikg/ontology#q")]), st.one_of(iris, literals))
graphs = st.lists(triples, max_size=8).map(lambda ts: _graph(ts))

XML_ILLEGAL = {chr(c) for c in range(32)} - {"\t", "\n", "\r"} | {"\ufffe", "\uffff"}


def _graph(ts) -> Graph:
    g = Graph()
    for t in ts:
        g.add(t)
    return g


def _xml_safe(graph: Graph) -> bool:
    return not any(set(str(term)) & XML_ILLEGAL for t in graph for term in t)


@settings(max_examples=60, deadline=None)
@given(graph=graphs)
def test_text_formats_round_trip(graph):
    for fmt, parser in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        back = parse_bytes(serialize(graph, fmt), f"x.{fmt}", parser)
        assert isomorphic(back, graph), fmt


CR = _graph([(URIRef("https://w3id.org/osaikg/id/model/0"), URIRef("https://w3id.org/osaikg/ontology#p"), Literal("a\r\nb\r"))])


@settings(max_examples=60, deadline=None)
@given(graph=graphs)
@example(graph=CR)  # found by hypothesis: a raw \r came back as \n
def test_rdfxml_round_trips_or_refuses_clearly(graph):
    if _xml_safe(graph):
        assert isomorphic(rdf11_terms(parse_bytes(serialize(graph, "owl"), "x.owl", "xml"), fold_language_case=True), rdf11_terms(graph, fold_language_case=True))
    else:
        # XML 1.0 cannot carry C0 control characters: refuse instead of writing ill-formed XML (B0 row 20).
        with pytest.raises(OsaikgError, match="cannot be written as RDF/XML"):
            serialize(graph, "owl")


@settings(max_examples=60, deadline=None)
@given(graph=graphs)
def test_pyoxigraph_reads_what_we_write_and_the_store_gives_it_back(graph):
    data = serialize(graph, "nt")
    ox = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES))
    assert len(ox) == len(graph)
    dataset = new_dataset()
    named = dataset.graph(URIRef("https://w3id.org/osaikg/graph/test"))
    named += graph
    back = Graph()
    back += named
    assert isomorphic(rdf11_terms(back, fold_language_case=True), rdf11_terms(graph, fold_language_case=True))


@pytest.mark.parametrize("iri", ["https://w3id.org/osaikg/id/model/\ufff0", "https://w3id.org/osaikg/id/model/a b"])
def test_invalid_iris_are_refused_at_ingest(iri, tmp_path):
    from osaikg.errors import InputError
    from osaikg.parse import parse_file

    path = tmp_path / "bad.nt"
    path.write_text(f'\n<{iri}> <https://w3id.org/osaikg/ontology#p> "x" .\n', encoding="utf-8")
    try:
        parse_file(path)
    except InputError as err:
        assert "invalid IRI" in str(err) or "syntax error" in str(err)
        assert err.line == 2
    else:
        pytest.fail("an invalid IRI was accepted")


def test_rdf_lists_keep_their_order_in_every_format():
    # JSON-LD arrays are sorted for stable output, but an @list is an RDF list: its order is data.
    from rdflib.collection import Collection
    from rdflib import BNode

    g = Graph()
    head = BNode()
    items = [URIRef(f"https://w3id.org/osaikg/ontology#{name}") for name in ("PreTraining", "PostTraining", "PostRelease")]
    Collection(g, head, items)
    g.add((URIRef("https://w3id.org/osaikg/ontology#LifecycleStage"), URIRef("http://www.w3.org/2002/07/owl#oneOf"), head))
    for fmt, parser in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("owl", "xml")):
        back = parse_bytes(serialize(g, fmt), f"x.{fmt}", parser)
        assert isomorphic(back, g), fmt
